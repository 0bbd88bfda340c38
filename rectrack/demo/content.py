"""The demo data set: the fictional Republic of Valdoria and what human rights mechanisms
recommended to it. Plain data, turned into recommendations by generate.build_documents().

Recommendations are made by combining hand-written phrases per topic (content_rights.py,
content_social.py, content_persons.py) with a seeded random generator, so every run yields
the same documents. A topic is a dict with these keys:

- heading: the section heading treaty bodies and special procedures put it under;
- themes: theme names (THEMES), first the main one; groups: affected group names (GROUPS);
- sdg: SDG target codes, the first always used, one or two of the others sometimes;
- actions: phrases in the imperative, without a final full stop; contested: the same, for
  recommendations the State usually notes rather than supports;
- details: clauses sometimes added after an action; prefixes: False forbids "Continue its
  efforts to ..."; states: States that often make UPR recommendations on the topic.

An action is a string or a dict with text and, optionally, themes (added to the topic's),
groups and sdg (replacing the topic's), plain (never add a detail), contested (as if listed
under contested), since and until (the first and last year a mechanism could recommend it).
"""

import datetime

from rectrack.demo.content_persons import TOPICS as _PERSONS
from rectrack.demo.content_rights import TOPICS as _RIGHTS
from rectrack.demo.content_social import TOPICS as _SOCIAL
from rectrack.recommendations.models import Recommendation

TOPICS = {**_RIGHTS, **_SOCIAL, **_PERSONS}
SEED = "valdoria"
STATE = {"name": "Republic of Valdoria", "iso_code": "VLD"}
SPECIAL_PROCEDURE = {
    "code": "SR Housing",
    "name": "Special Rapporteur on adequate housing as a component of the right to an "
    "adequate standard of living",
}

# (code, name, broader theme): broader themes come before the themes under them.
THEMES = [
    ("", "International framework and cooperation", ""),
    ("A12", "Acceptance of international norms", "International framework and cooperation"),
    ("A22", "Cooperation with treaty bodies", "International framework and cooperation"),
    ("A45", "National Human Rights Institution (NHRI)", "International framework and cooperation"),
    ("", "Cross-cutting issues", ""),
    ("B31", "Equality & non-discrimination", "Cross-cutting issues"),
    ("B32", "Racial discrimination", "Cross-cutting issues"),
    ("B51", "Right to an effective remedy", "Cross-cutting issues"),
    ("", "Human rights & the environment", "Cross-cutting issues"),
    ("", "Civil and political rights", ""),
    ("D21", "Right to life", "Civil and political rights"),
    (
        "D25",
        "Prohibition of torture and cruel, inhuman or degrading treatment",
        "Civil and political rights",
    ),
    ("D26", "Conditions of detention", "Civil and political rights"),
    ("D27", "Prohibition of slavery, trafficking", "Civil and political rights"),
    ("D43", "Freedom of opinion and expression", "Civil and political rights"),
    ("D44", "Right to peaceful assembly", "Civil and political rights"),
    ("D45", "Freedom of association", "Civil and political rights"),
    ("D51", "Administration of justice & fair trial", "Civil and political rights"),
    ("D6", "Rights related to name, identity, nationality", "Civil and political rights"),
    ("", "Economic, social and cultural rights", ""),
    ("E23", "Right to adequate housing", "Economic, social and cultural rights"),
    ("E25", "Human rights & poverty", "Economic, social and cultural rights"),
    ("E31", "Right to work", "Economic, social and cultural rights"),
    ("E41", "Right to health - General", "Economic, social and cultural rights"),
    ("E51", "Right to education - General", "Economic, social and cultural rights"),
    ("", "Rights of specific persons and groups", ""),
    ("F12", "Discrimination against women", "Rights of specific persons and groups"),
    ("F13", "Violence against women", "Rights of specific persons and groups"),
    (
        "F31",
        "Children: definition; general principles; protection",
        "Rights of specific persons and groups",
    ),
    ("F34", "Children: Juvenile justice", "Rights of specific persons and groups"),
    (
        "F41",
        "Persons with disabilities: definition, general principles",
        "Rights of specific persons and groups",
    ),
    ("G1", "Members of minorities", "Rights of specific persons and groups"),
    (
        "G2",
        "Lesbian, gay, bisexual, transgender and intersex persons (LGBTI)",
        "Rights of specific persons and groups",
    ),
    ("G3", "Indigenous peoples", "Rights of specific persons and groups"),
    ("G4", "Migrants", "Rights of specific persons and groups"),
    ("G5", "Refugees & asylum seekers", "Rights of specific persons and groups"),
]

GROUPS = [
    "Women and girls",
    "Children",
    "Persons with disabilities",
    "Migrants",
    "Refugees and asylum-seekers",
    "Roma and other minorities",
    "Indigenous peoples",
    "LGBTI persons",
    "Older persons",
    "Persons deprived of liberty",
    "Human rights defenders",
    "Journalists and media workers",
    "Persons living in poverty",
    "Rural women",
    "Victims of trafficking",
    "Stateless persons",
    "Internally displaced persons",
]

# States that make UPR recommendations on any topic (topics add their usual recommenders).
RECOMMENDING_STATES = [
    "Albania", "Algeria", "Angola", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Belgium", "Botswana", "Brazil", "Bulgaria", "Canada", "Chile", "China",
    "Colombia", "Costa Rica", "Croatia", "Cuba", "Cyprus", "Czechia", "Denmark", "Ecuador",
    "Egypt", "Estonia", "Fiji", "Finland", "France", "Georgia", "Germany", "Ghana", "Greece",
    "Honduras", "Iceland", "India", "Indonesia", "Iraq", "Ireland", "Italy", "Japan",
    "Jordan", "Kazakhstan", "Kenya", "Latvia", "Lithuania", "Luxembourg", "Malaysia",
    "Maldives", "Malta", "Mexico", "Montenegro", "Morocco", "Namibia", "Nepal",
    "Netherlands (Kingdom of the)", "New Zealand", "Nigeria", "North Macedonia", "Norway",
    "Pakistan", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar",
    "Republic of Korea", "Republic of Moldova", "Romania", "Russian Federation", "Rwanda",
    "Senegal", "Serbia", "Sierra Leone", "Slovakia", "Slovenia", "South Africa", "Spain",
    "Sri Lanka", "Sweden", "Switzerland", "Thailand", "Timor-Leste", "Togo", "Tunisia",
    "Türkiye", "Uganda", "Ukraine", "United Kingdom of Great Britain and Northern Ireland",
    "United States of America", "Uruguay", "Uzbekistan", "Viet Nam", "Zambia",
]  # fmt: skip

UPR_PREFIXES = [
    "Continue its efforts to",
    "Take further measures to",
    "Step up its efforts to",
    "Take the necessary measures to",
    "Redouble its efforts to",
    "Consider taking steps to",
]

# Verbs that read badly after a prefix ("Take further measures to take measures ...").
UNPREFIXED_VERBS = ("Consider", "Continue", "Refrain", "Withdraw", "Take")

_UPR_TITLE = "Report of the Working Group on the Universal Periodic Review: Republic of Valdoria"

# Two UPR reviews; topics: how many recommendations on each, in the report's order.
UPR_REVIEWS = [
    {
        "symbol": "A/HRC/38/12",
        "title": _UPR_TITLE,
        "cycle": 3,
        "session": 30,
        "date": datetime.date(2018, 5, 16),
        "paragraph": 118,
        "noted_share": 0.15,
        "partially_supported": 2,
        "pending": 0,
        "topics": {
            "ratification": 6, "cooperation": 2, "nhri": 3, "non_discrimination": 3,
            "hate_speech": 3, "minorities": 2, "lgbti": 2, "torture": 2, "detention": 3,
            "trafficking": 3, "justice": 3, "expression": 3, "association": 1, "gbv": 5,
            "women_framework": 2, "women_participation": 1, "education": 2, "health": 2,
            "poverty": 3, "housing": 1, "child_violence": 3, "disability": 2, "migrants": 3,
        },
    },
    {
        "symbol": "A/HRC/55/9",
        "title": _UPR_TITLE,
        "cycle": 4,
        "session": 44,
        "date": datetime.date(2023, 11, 15),
        "paragraph": 134,
        "noted_share": 0.15,
        "partially_supported": 2,
        "pending": 4,
        "topics": {
            "ratification": 8, "cooperation": 4, "nhri": 3, "non_discrimination": 6,
            "hate_speech": 3, "minorities": 3, "lgbti": 5, "environment": 3, "police_force": 3,
            "torture": 3, "detention": 4, "trafficking": 5, "justice": 5, "expression": 5,
            "association": 5, "gbv": 8, "women_framework": 2, "women_participation": 2,
            "women_employment": 2, "srh": 3, "health": 4, "education": 4, "housing": 4,
            "poverty": 4, "work": 3, "child_violence": 4, "birth_registration": 2,
            "juvenile": 2, "disability": 4, "migrants": 4, "indigenous": 3,
        },
    },
]  # fmt: skip

_COMMITTEE = [
    "The Committee recommends that the State party {action}.",
    "Recalling its previous recommendations ({previous}, para. {old}), the Committee "
    "recommends that the State party {action}.",
]
_SHOULD = [
    "The State party should {action}.",
    "Recalling its previous concluding observations ({previous}, para. {old}), the Committee "
    "reiterates that the State party should {action}.",
]

# Treaty bodies' concluding observations and a special procedure's country visit report.
# sections: (topic, sub-paragraphs of each recommendation paragraph[, heading]).
REPORTS = [
    {
        "mechanism": "CAT",
        "symbol": "CAT/C/VLD/CO/4",
        "title": "Concluding observations on the fourth periodic report of Valdoria",
        "date": datetime.date(2019, 8, 9),
        "previous": "CAT/C/VLD/CO/3",
        "first_paragraph": 7,
        "chapeaus": _SHOULD,
        "sections": [
            ("torture", [2]),
            ("safeguards", [4]),
            ("police_force", [3]),
            ("detention", [4]),
            ("npm", [1, 1]),
            ("asylum_detention", [3]),
            ("gbv", [1], "Gender-based violence"),
        ],
        "follow_up": {
            "years": 1,
            "text": "The Committee requests the State party to provide, by {deadline}, "
            "information on follow-up to the Committee's recommendations contained in "
            "paragraphs {paragraphs} above.",
        },
    },
    {
        "mechanism": "CCPR",
        "symbol": "CCPR/C/VLD/CO/3",
        "title": "Concluding observations on the third periodic report of Valdoria",
        "date": datetime.date(2020, 11, 4),
        "previous": "CCPR/C/VLD/CO/2",
        "first_paragraph": 5,
        "chapeaus": _SHOULD,
        "sections": [
            ("nhri", [1, 1]),
            ("non_discrimination", [3], "Anti-discrimination framework"),
            ("lgbti", [2]),
            ("hate_speech", [2], "Hate speech and hate crimes"),
            ("gbv", [2], "Violence against women, including domestic violence"),
            ("police_force", [2], "Use of force by law enforcement officials"),
            ("detention", [2], "Treatment of persons deprived of their liberty"),
            ("trafficking", [2], "Elimination of slavery, servitude and trafficking in persons"),
            ("justice", [3]),
            ("expression", [3], "Freedom of expression"),
            ("association", [2]),
        ],
        "follow_up": {
            "years": 2,
            "text": "In accordance with rule 75 of the Committee's rules of procedure, the State "
            "party is requested to provide, by {deadline}, information on the implementation of "
            "the recommendations made by the Committee in paragraphs {paragraphs} above.",
        },
    },
    {
        "mechanism": "CEDAW",
        "symbol": "CEDAW/C/VLD/CO/8",
        "title": "Concluding observations on the eighth periodic report of Valdoria",
        "date": datetime.date(2021, 11, 12),
        "previous": "CEDAW/C/VLD/CO/7",
        "first_paragraph": 11,
        "chapeaus": _COMMITTEE,
        "sections": [
            ("women_framework", [3]),
            ("women_justice", [1, 1]),
            ("women_machinery", [2]),
            ("gbv", [4, 2]),
            ("trafficking", [3], "Trafficking and exploitation of prostitution"),
            ("women_participation", [3]),
            ("women_education", [2]),
            ("women_employment", [3]),
            ("srh", [3], "Health"),
            ("rural_women", [3]),
            ("women_disadvantaged", [2]),
            ("marriage_family", [1, 1]),
        ],
        "follow_up": {
            "years": 2,
            "text": "The Committee requests the State party to provide, within two years, "
            "written information on the steps taken to implement the recommendations contained "
            "in paragraphs {paragraphs} above.",
        },
    },
    {
        "mechanism": "CRC",
        "symbol": "CRC/C/VLD/CO/5-6",
        "title": "Concluding observations on the combined fifth and sixth periodic reports of "
        "Valdoria",
        "date": datetime.date(2022, 6, 8),
        "previous": "CRC/C/VLD/CO/4",
        "first_paragraph": 6,
        "chapeaus": [*_COMMITTEE, "The Committee urges the State party to {action}."],
        "sections": [
            ("child_general", [3]),
            ("child_nondiscrimination", [2]),
            ("birth_registration", [2]),
            ("child_violence", [4]),
            ("alternative_care", [3]),
            ("children_disabilities", [3]),
            ("child_health", [3]),
            ("child_poverty", [1, 1]),
            ("inclusive_education", [4]),
            ("child_asylum", [3]),
            ("child_labour", [1, 1]),
            ("juvenile", [4]),
        ],
    },
    {
        "mechanism": SPECIAL_PROCEDURE["code"],
        "symbol": "A/HRC/52/28/Add.1",
        "title": "Visit to Valdoria: report of the Special Rapporteur on adequate housing as a "
        "component of the right to an adequate standard of living",
        "date": datetime.date(2023, 1, 9),
        "first_paragraph": 86,
        "concerns": False,
        "type": Recommendation.Type.RECOMMENDATION,
        "sections": [
            ("housing_framework", [3]),
            ("evictions", [3]),
            ("informal", [3]),
            ("reconstruction", [3]),
            ("affordability", [3]),
        ],
    },
]

# Clusters: the recommendations of these topics in these documents.
CLUSTERS = [
    {
        "name": "Gender-based violence",
        "description": "Preventing violence against women and girls, punishing it and "
        "supporting survivors: one action plan answers the UPR, CEDAW and the Human Rights "
        "Committee.",
        "topics": ["gbv"],
        "documents": ["A/HRC/55/9", "CEDAW/C/VLD/CO/8", "CCPR/C/VLD/CO/3"],
    },
    {
        "name": "Conditions of detention",
        "description": "Prison overcrowding, pretrial detention and the monitoring of places "
        "of detention, followed up with the Ministry of Justice and the Ombudsperson.",
        "topics": ["detention", "npm"],
        "documents": ["A/HRC/55/9", "CAT/C/VLD/CO/4", "CCPR/C/VLD/CO/3"],
    },
    {
        "name": "Inclusive education",
        "description": "Mainstream schooling for Roma children, children with disabilities "
        "and migrant children.",
        "topics": ["inclusive_education", "education"],
        "documents": ["A/HRC/55/9", "CRC/C/VLD/CO/5-6"],
    },
    {
        "name": "Forced evictions and informal settlements",
        "description": "Security of tenure and basic services in the informal settlements, "
        "and safeguards against forced evictions.",
        "topics": ["housing", "evictions", "informal"],
        "documents": ["A/HRC/55/9", "A/HRC/52/28/Add.1"],
    },
]
