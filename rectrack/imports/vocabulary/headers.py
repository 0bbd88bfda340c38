"""What sources write as column headers and labels: OHCHR's thematic lists, UHRI exports."""

from rectrack.imports.vocabulary.values import Table

# OHCHR thematic lists
# Column kind -> how its header begins ("themes" and "sdgs": the words may stand anywhere in
# it; a Chinese term anywhere, as Chinese puts the noun last: 受审议国的立场).
THEMATIC_LIST_COLUMNS: Table = {
    "recommendation": {
        "en": ("recommendation",),
        "fr": ("recommandation",),
        "es": ("recomendación",),
        "ru": ("рекомендация", "рекомендации"),
        "ar": ("التوصية", "توصية", "التوصيات", "توصيات"),
        "zh": ("建议",),
    },
    "position": {
        "en": ("position",),
        "fr": ("position",),
        "es": ("posición",),
        "ru": ("позиция",),
        "ar": ("الموقف", "موقف"),
        "zh": ("立场",),
    },
    # A separate column of recommending States (UPR matrices of the second cycle).
    "states": {
        "en": ("recommending state", "recommending countr", "recommending delegation"),
        "fr": ("état recommandant", "états recommandants", "pays recommandant"),
        "es": ("estado recomendante", "estados recomendantes", "estado que recomienda"),
        "ru": ("рекомендующее государство", "рекомендующие государства"),
        "ar": ("الدولة الموصية", "الدول الموصية"),
        "zh": ("建议国",),
    },
    "themes": {
        "en": ("theme", "right or area", "rights or areas"),
        "fr": ("thème", "droit ou domaine", "droits ou domaines"),
        "es": ("temas", "derecho o ámbito", "derechos o ámbitos"),
        "ru": ("темы", "перечень тем", "тематик"),
        "ar": ("مواضيع", "موضوعات"),
        "zh": ("主题", "专题"),
    },
    "sdgs": {
        "en": ("sdg",),
        "fr": ("odd", "objectifs de développement durable"),
        "es": ("ods", "objetivos de desarrollo sostenible"),
        "ru": ("цур", "цели в области устойчивого развития", "цели устойчивого развития"),
        "ar": ("أهداف التنمية المستدامة",),
        "zh": ("可持续发展目标",),
    },
    # Affected persons in a column of their own, not a section of the themes cell.
    "groups": {
        "en": ("affected persons", "affected groups", "groups of persons", "persons affected"),
        "fr": ("personnes concernées", "groupes de personnes", "groupes concernés"),
        "es": ("personas afectadas", "grupos de personas", "grupos afectados"),
        "ru": ("затрагиваемые лица", "группы лиц", "затрагиваемые группы"),
        "ar": ("الأشخاص المتأثرون", "فئات الأشخاص", "الفئات المعنية"),
        "zh": ("受影响者", "受影响人员", "相关群体"),
    },
    # The NMIRF's own assessment of implementation, which matrices leave a column for.
    "assessment": {
        "en": ("assessment", "comments on", "level of implementation"),
        "fr": ("évaluation", "commentaires", "niveau de mise en œuvre"),
        "es": ("evaluación", "comentarios", "nivel de aplicación"),
        "ru": ("оценка", "комментарии", "уровень осуществления"),
        "ar": ("تقييم", "التقييم", "تعليقات"),
        "zh": ("评估", "评论", "执行情况"),
    },
}
# Labels ending in a colon: a row heading ("Theme: ...") and the sections of a themes cell
# ("SDGs:", "Affected persons:"). The whole label before the colon must match.
THEMATIC_LIST_LABELS: Table = {
    "heading": {
        "en": ("theme",),
        "fr": ("thème",),
        "es": ("tema",),
        "ru": ("тема",),
        "ar": ("الموضوع", "موضوع"),
        "zh": ("主题", "专题"),
    },
    "sdgs": {
        "en": ("sdg", "sdgs"),
        "fr": ("odd", "objectifs de développement durable"),
        "es": ("ods", "objetivos de desarrollo sostenible"),
        "ru": ("цур", "цели в области устойчивого развития", "цели устойчивого развития"),
        "ar": ("أهداف التنمية المستدامة",),
        "zh": ("可持续发展目标",),
    },
    "groups": {
        "en": (
            "affected persons",
            "group of persons",
            "groups of persons",
            "affected group of persons",
            "affected groups of persons",
        ),
        "fr": (
            "personnes concernées",
            "personnes touchées",
            "groupe de personnes",
            "groupes de personnes",
            "groupes concernés",
            "groupes de personnes concernés",
        ),
        "es": (
            "personas afectadas",
            "personas concernidas",
            "grupo de personas",
            "grupos de personas",
            "grupos afectados",
        ),
        "ru": ("затрагиваемые лица", "затронутые лица", "группы лиц", "затрагиваемые группы"),
        "ar": ("الأشخاص المتأثرون", "الأشخاص المعنيون", "فئات الأشخاص", "الفئات المعنية"),
        "zh": ("受影响者", "受影响人员", "相关群体", "人群"),
    },
}
# How the line naming the report that gave the position begins ("Source of position:").
SOURCE_OF_POSITION: dict[str, tuple[str, ...]] = {
    "en": ("source of position",),
    "fr": ("source de la position", "source de position"),
    "es": ("fuente de la posición", "fuente de posición"),
    "ru": ("источник позиции",),
    "ar": ("مصدر الموقف",),
    "zh": ("立场来源",),
}
# Words of the titles that stand in parentheses before the recommending States ("(Convention
# on ...)"): such parentheses name no State.
NOT_STATE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("convention", "covenant", "protocol", "act", "law", "code", "committee"),
    "fr": ("convention", "pacte", "protocole", "loi", "code", "comité"),
    "es": ("convención", "convenio", "pacto", "protocolo", "ley", "código", "comité"),
}

# UHRI exports
# Field -> the headers that hold it, OHCHR's own spelling first.
UHRI_COLUMNS: Table = {
    "text": {
        "en": ("Text",),
        "fr": ("Texte",),
        "es": ("Texto",),
        "ru": ("Текст",),
        "ar": ("النص",),
        "zh": ("案文", "文本"),
    },
    "countries": {
        "en": ("Countries Concerned", "Country Concerned"),
        "fr": ("Pays concernés", "Pays concerné"),
        "es": ("Países concernidos", "País concernido", "Países afectados"),
        "ru": ("Соответствующие страны", "Затрагиваемые страны"),
        "ar": ("البلدان المعنية", "البلد المعني"),
        "zh": ("有关国家", "相关国家"),
    },
    "body": {
        "en": ("Reccomending Body", "Recommending Body"),
        "fr": ("Organe ayant formulé la recommandation", "Organe recommandant"),
        "es": ("Órgano que formula la recomendación", "Órgano recomendante"),
        "ru": ("Рекомендующий орган",),
        "ar": ("الهيئة الموصية",),
        "zh": ("提出建议的机构", "建议机构"),
    },
    "symbol": {
        "en": ("Document Symbol",),
        "fr": ("Cote du document", "Symbole du document"),
        "es": ("Signatura del documento", "Símbolo del documento"),
        "ru": ("Условное обозначение документа", "Символ документа"),
        "ar": ("رمز الوثيقة",),
        "zh": ("文件编号", "文号"),
    },
    "themes": {
        "en": ("Themes",),
        "fr": ("Thèmes",),
        "es": ("Temas",),
        "ru": ("Темы",),
        "ar": ("المواضيع", "الموضوعات"),
        "zh": ("主题", "专题"),
    },
    "affected": {
        "en": ("Affected Persons",),
        "fr": ("Personnes concernées", "Groupes concernés", "Personnes touchées"),
        "es": ("Personas afectadas", "Grupos afectados"),
        "ru": ("Затрагиваемые лица", "Затрагиваемые группы"),
        "ar": ("الأشخاص المتأثرون", "الأشخاص المعنيون", "الفئات المعنية"),
        "zh": ("受影响者", "受影响人员", "相关群体"),
    },
    "sdgs": {
        "en": ("Sdgs",),
        "fr": ("ODD", "Objectifs de développement durable"),
        "es": ("ODS", "Objetivos de desarrollo sostenible"),
        "ru": ("ЦУР", "Цели в области устойчивого развития"),
        "ar": ("أهداف التنمية المستدامة",),
        "zh": ("可持续发展目标",),
    },
    "date": {
        "en": ("Document Publication Date",),
        "fr": ("Date de publication du document",),
        "es": ("Fecha de publicación del documento",),
        "ru": ("Дата публикации документа",),
        "ar": ("تاريخ نشر الوثيقة",),
        "zh": ("文件发布日期",),
    },
    "states": {
        "en": ("UPR Reccomending States", "UPR Recommending States"),
        "fr": ("États recommandants EPU", "États ayant formulé la recommandation (EPU)"),
        "es": ("Estados recomendantes EPU", "Estados que formulan la recomendación (EPU)"),
        "ru": ("Рекомендующие государства УПО",),
        "ar": ("الدول الموصية في الاستعراض الدوري الشامل",),
        "zh": ("普遍定期审议建议国",),
    },
    "position": {
        "en": ("UPR Position",),
        "fr": ("Position EPU", "Position à l'EPU"),
        "es": ("Posición EPU", "Posición en el EPU"),
        "ru": ("Позиция УПО", "Позиция по УПО"),
        "ar": ("الموقف في الاستعراض الدوري الشامل", "موقف الاستعراض الدوري الشامل"),
        "zh": ("普遍定期审议立场",),
    },
    "type": {
        "en": ("Type",),
        "fr": ("Type",),
        "es": ("Tipo",),
        "ru": ("Тип",),
        "ar": ("النوع",),
        "zh": ("类型",),
    },
    "annotation": {
        "en": ("OHCHR Annotation Id",),
        "fr": ("Identifiant d'annotation du HCDH", "Id d'annotation HCDH"),
        "es": ("Id. de anotación del ACNUDH", "Id de anotación ACNUDH"),
        "ru": ("Идентификатор аннотации УВКПЧ",),
        "ar": ("معرف شرح المفوضية",),
        "zh": ("人权高专办注释编号",),
    },
    "session": {
        "en": ("UPR Session",),
        "fr": ("Session EPU", "Session de l'EPU"),
        "es": ("Período de sesiones EPU", "Sesión EPU"),
        "ru": ("Сессия УПО",),
        "ar": ("دورة الاستعراض الدوري الشامل",),
        "zh": ("普遍定期审议届会",),
    },
    "cycle": {
        "en": ("UPR Cycle",),
        "fr": ("Cycle EPU", "Cycle de l'EPU"),
        "es": ("Ciclo EPU", "Ciclo del EPU"),
        "ru": ("Цикл УПО",),
        "ar": ("جولة الاستعراض الدوري الشامل",),
        "zh": ("普遍定期审议周期",),
    },
    "regions": {
        "en": ("Regions Concerned",),
        "fr": ("Régions concernées",),
        "es": ("Regiones concernidas",),
        "ru": ("Соответствующие регионы",),
        "ar": ("المناطق المعنية",),
        "zh": ("有关区域",),
    },
    "recommending_regions": {
        "en": ("Recommending Regions",),
        "fr": ("Régions recommandantes",),
        "es": ("Regiones recomendantes",),
        "ru": ("Рекомендующие регионы",),
        "ar": ("المناطق الموصية",),
        "zh": ("建议区域",),
    },
    "published": {
        "en": ("Date of publication on UHRI",),
        "fr": ("Date de publication dans l'IUDH",),
        "es": ("Fecha de publicación en el IUDH",),
        "ru": ("Дата публикации в УИПЧ",),
        "ar": ("تاريخ النشر في الفهرس العالمي لحقوق الإنسان",),
        "zh": ("在世界人权索引上的发布日期",),
    },
}
