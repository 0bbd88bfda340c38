"""Reports and exports in the reader's language, over recommendations written in Arabic,
Chinese, Russian and English. The PDF read back by poppler (`pdftotext`, NFKC-normalised,
which folds Arabic presentation forms back to letters) gives every text in reading order
with no missing glyph and every font embedded (`pdffonts`); the Word document's Arabic
paragraphs, and only they, run right to left. Labels are compared with gettext under the
report's language, so the tests hold whatever the catalogues say; a few labels are given a
translation here (`translated`), so that headings in Arabic and Chinese are really tested."""

import io
import os
import re
import shutil
import subprocess
import unicodedata
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, trans_real
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from reportlab.pdfbase import pdfmetrics

from rectrack.core.choices import ImplementationStatus
from rectrack.recommendations.services import cluster_get_or_create
from rectrack.recommendations.tests.factories import make_document, make_recommendation
from rectrack.reports.documents import pdf_text as setting
from rectrack.reports.documents import report_document
from rectrack.reports.documents.figures import for_cairo
from rectrack.reports.documents.scripts import has_rtl, shaped, visual
from rectrack.reports.documents.templates import TEMPLATES
from rectrack.reports.exports import recommendations_export
from rectrack.reports.exports.matrix import COLUMNS

pytestmark = pytest.mark.django_db
ARABIC = "ضمان حق جميع الأطفال في التعليم المجاني"
# Long enough to take several lines: its lines must come out in order too. (Digits and
# Arabic punctuation are set right, but pdftotext's own simple reordering moves them.)
ARABIC_LONG = (
    "تعزيز الإطار القانوني لحماية حقوق الإنسان وضمان وصول جميع المواطنين إلى العدالة دون "
    "تمييز مع تخصيص الموارد الكافية للمؤسسات الوطنية المعنية بمتابعة تنفيذ التوصيات"
)
CHINESE = "确保所有儿童享有免费教育的权利"
RUSSIAN = "Обеспечить бесплатное образование для всех детей"
ENGLISH = "Ensure free education for all children"
CLUSTERS = {"ar": "الحق في التعليم", "zh": "受教育权", "en": "Right to education"}
FONTS = (setting.LATIN, setting.LATIN_BOLD, setting.ARABIC, setting.ARABIC_BOLD, setting.CJK)
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def poppler(tool: str) -> str:
    """A poppler-utils program; CI has them (.ci/run installs them): there a missing one
    fails, never skips."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{tool} missing (poppler-utils)")
        pytest.skip(f"{tool} missing (apt-get install poppler-utils)")
    return path


@pytest.fixture
def fonts():
    """The PDF's fonts (Debian's packages, which .ci/run installs): in CI a missing one
    fails, never skips."""
    missing = [font.path for font in FONTS if not font.present]
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"fonts missing: {missing}")
        pytest.skip(f"fonts missing: {missing}")


def pdf_text(content: bytes) -> str:
    """The PDF's text as a reader gets it: NFKC, without bidi controls or page numbers,
    spaces collapsed."""
    result = subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    pages = [_without_page_number(page) for page in result.stdout.decode().split("\f")]
    text = _BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", "\n".join(pages)))
    return " ".join(text.split())


def _without_page_number(page: str) -> str:
    """A page's text without the number in its footer (drawn last: its last line)."""
    lines = page.rstrip().split("\n")
    numbered = lines and _BIDI_CONTROLS.sub("", lines[-1]).strip().isdigit()
    return "\n".join(lines[:-1] if numbered else lines)


def pdf_fonts(content: bytes, tmp_path) -> list[dict]:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    lines = subprocess.run(
        [poppler("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    header, rule, *rows = lines
    starts = [match.start() for match in re.finditer(r"-+", rule)]
    names = ["name", "type", "encoding", "emb", "sub", "uni", "object"]
    return [
        {
            name: row[start:end].strip()
            for name, start, end in zip(names, starts, [*starts[1:], None], strict=False)
        }
        for row in rows
    ]


@pytest.fixture
def texts(db):
    """One UPR review's recommendations in four scripts, each in a cluster named in its own
    (Russian and English share one)."""
    document = make_document(mechanism_code="UPR")
    clusters = {key: cluster_get_or_create(name=name) for key, name in CLUSTERS.items()}
    made = {
        "ar": make_recommendation(document=document, text=ARABIC, clusters=[clusters["ar"]]),
        "ar_long": make_recommendation(
            document=document, text=ARABIC_LONG, clusters=[clusters["ar"]]
        ),
        "zh": make_recommendation(document=document, text=CHINESE, clusters=[clusters["zh"]]),
        "ru": make_recommendation(document=document, text=RUSSIAN, clusters=[clusters["en"]]),
        "en": make_recommendation(document=document, text=ENGLISH, clusters=[clusters["en"]]),
    }
    return SimpleNamespace(document=document, clusters=clusters, **made)


def build(user, format: str, language: str, **choices):
    return report_document(
        user=user, template=TEMPLATES["upr-mid-term"], format=format, language=language, **choices
    )


def under(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


# Translations some labels will have, given here whatever the catalogues hold today.
TRANSLATIONS = {
    "ar": {
        "UPR mid-term report": "تقرير منتصف المدة للاستعراض الدوري الشامل",
        "Annex: all recommendations": "مرفق: جميع التوصيات",
        "Implementation status: %(status)s": "حالة التنفيذ: %(status)s",
        "No information": "لا توجد معلومات",
        "Reference": "المرجع",
    },
    "zh-hans": {
        "UPR mid-term report": "普遍定期审议中期报告",
        "Annex: all recommendations": "附件：所有建议",
        "Implementation status: %(status)s": "执行情况：%(status)s",
        "No information": "无信息",
        "Reference": "编号",
    },
    "fr": {"Summary": "Synthèse", "Reference": "Référence"},
}


@pytest.fixture
def translated(monkeypatch):
    """TRANSLATIONS in the catalogues, for this test only."""
    for language, messages in TRANSLATIONS.items():
        catalogue = trans_real.translation(language)._catalog._catalogs[0]
        for message, translation_ in messages.items():
            monkeypatch.setitem(catalogue, message, translation_)


def status_line(language: str) -> str:
    with translation.override(language):
        status = str(ImplementationStatus.NO_INFORMATION.label)
        return gettext("Implementation status: %(status)s") % {"status": status}


def shows(text: str, label: str) -> bool:
    """Whether the extracted text holds the label: its words, when it is right to left
    (pdftotext moves its punctuation), else as written (NFKC: full-width colons too)."""
    label = unicodedata.normalize("NFKC", label)
    if has_rtl(label):
        return all(word.strip(":،") in text for word in label.split())
    return label in text


CONTENT = (ARABIC, ARABIC_LONG, CHINESE, RUSSIAN, ENGLISH, *CLUSTERS.values())


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_pdf_report_reads_in_order_in_arabic_chinese_russian_and_english(
    texts, viewer, translated, language, fonts
):
    report = build(viewer, "pdf", language)
    text = pdf_text(report.content)
    for content in CONTENT:  # NFKC gives the Arabic letters back, words in reading order
        assert content in text, content
    assert "\ufffd" not in text
    for label in ("UPR mid-term report", "Summary", "Annex: all recommendations"):
        assert shows(text, under(language, label)), label
    assert shows(text, status_line(language))
    assert under(language, "UPR mid-term report") != "UPR mid-term report"


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_pdf_report_embeds_every_font_it_uses(texts, viewer, language, tmp_path, fonts):
    fonts = pdf_fonts(build(viewer, "pdf", language).content, tmp_path)
    names = {row["name"].split("+")[-1] for row in fonts}
    assert {"DejaVuSans", "DejaVuSans-Bold", "WenQuanYiZenHei-0"} <= names
    assert {"NotoSansArabic-Regular", "NotoSansArabic-Bold"} <= names
    for row in fonts:
        assert row["emb"] == "yes", row
        assert row["type"] == "TrueType", row  # no Type 3 bitmaps, no standard font


def test_every_character_of_the_texts_has_a_glyph_in_the_font_that_sets_it(fonts):
    for fonts in setting.font_sets():  # regular and bold
        for content in CONTENT:
            for name, piece in fonts.runs(shaped(content)):
                glyphs = pdfmetrics.getFont(name).face.charToGlyph
                assert [char for char in piece if ord(char) not in glyphs] == [], name


def test_a_long_arabic_paragraph_breaks_across_pages_in_reading_order(texts, viewer, fonts):
    long = " ".join([ARABIC_LONG, ARABIC] * 25)  # more than a page
    make_recommendation(document=texts.document, text=long, clusters=[texts.clusters["ar"]])
    report = build(viewer, "pdf", "ar", parts=("recommendations",))
    assert long in pdf_text(report.content)


def test_chinese_lines_break_between_characters_but_not_before_closing_punctuation(fonts):
    regular = setting.font_sets()[0]
    text = "确保所有儿童享有免费教育的权利，加强保护人权的法律框架。" * 3 + " UPR review"
    lines = setting._broken(text, regular, 10, 60)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert len(lines) > 5
    for line in lines:
        assert sum(regular.widths(line)) * 10 <= 60
        assert not line.startswith(("，", "。"))


def test_chart_labels_are_made_drawable_by_cairo_simple_text():
    svg = (
        f'<svg><text x="1" fill="#000">{ARABIC}</text><text x="2">{CHINESE}</text>'
        f'<text x="3">{ENGLISH} &amp; co</text></svg>'
    )
    drawn = for_cairo(svg)
    assert (
        f'<text x="1" fill="#000" font-family="DejaVu Sans">{visual(shaped(ARABIC), True)}<'
        in drawn
    )
    assert f'<text x="2" font-family="WenQuanYi Zen Hei">{CHINESE}</text>' in drawn
    assert f'<text x="3">{ENGLISH} &amp; co</text>' in drawn


def test_lines_are_put_in_visual_order_each_on_its_own_with_brackets_mirrored():
    assert visual("نص (مثال) UPR 2020", rtl=True) == "UPR 2020 (لاثم) صن"
    assert visual("see نص here", rtl=False) == "see صن here"
    assert visual("plain text", rtl=True) == "plain text"


def paragraphs(content: bytes) -> dict[str, list]:
    """Each paragraph of the document (body and tables) by its text."""
    document = Document(io.BytesIO(content))
    found: dict[str, list] = {}
    for paragraph in document.element.body.iter(qn("w:p")):
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        found.setdefault(text, []).append(paragraph)
    return found


def right_to_left(paragraph) -> bool:
    return paragraph.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None


def rtl_runs(paragraph) -> list[str]:
    return [
        "".join(node.text or "" for node in run.iter(qn("w:t")))
        for run in paragraph.iter(qn("w:r"))
        if run.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
    ]


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_word_report_runs_arabic_paragraphs_right_to_left_and_no_others(
    texts, viewer, translated, language
):
    report = build(viewer, "docx", language)
    found = paragraphs(report.content)
    for content in (ARABIC, ARABIC_LONG, CLUSTERS["ar"]):  # in the body, the annex, headings
        assert len(found[content]) >= 2, content
        for paragraph in found[content]:
            assert right_to_left(paragraph) and rtl_runs(paragraph) == [content]
    for content in (ENGLISH, RUSSIAN, CHINESE, CLUSTERS["en"], CLUSTERS["zh"]):
        assert len(found[content]) >= 2, content
        for paragraph in found[content]:
            assert not right_to_left(paragraph) and rtl_runs(paragraph) == [], content
    annex = under(language, "Annex: all recommendations")
    assert [right_to_left(p) for p in found[annex]] == [language == "ar"]
    assert [right_to_left(p) for p in found[status_line(language)]] == [language == "ar"] * 5
    title = found[under(language, "UPR mid-term report")]
    assert [right_to_left(p) for p in title] == [language == "ar"]


def test_latin_text_inside_an_arabic_paragraph_stays_left_to_right(texts, viewer):
    mixed = "ضمان حق التعليم (UPR A/HRC/43/15) للجميع"
    make_recommendation(document=texts.document, text=mixed, clusters=[texts.clusters["ar"]])
    found = paragraphs(build(viewer, "docx", "ar").content)[mixed]
    for paragraph in found:
        assert right_to_left(paragraph)
        assert rtl_runs(paragraph) == ["ضمان حق التعليم (", "للجميع"]  # not the reference


def test_word_report_names_fonts_and_languages_for_arabic_and_chinese(texts, viewer):
    for language, direction in (("ar", True), ("zh-hans", False), ("fr", False)):
        document = Document(io.BytesIO(build(viewer, "docx", language).content))
        styles = document.styles.element
        for fonts in styles.iter(qn("w:rFonts")):
            assert fonts.get(qn("w:cs")) and fonts.get(qn("w:eastAsia"))
            assert fonts.get(qn("w:cstheme")) is None
        lang = next(styles.iter(qn("w:lang")))
        assert lang.get(qn("w:bidi")) == "ar-SA" and lang.get(qn("w:eastAsia")) == "zh-CN"
        assert lang.get(qn("w:val")) == ("fr-FR" if language == "fr" else "en-GB")
        tables = document.element.body.iter(qn("w:tblPr"))
        assert {table.find(qn("w:bidiVisual")) is not None for table in tables} == {direction}


def test_a_report_in_french_has_its_headings_statuses_and_dates_in_french(
    texts, viewer, translated
):
    report = build(viewer, "docx", "fr")
    document = Document(io.BytesIO(report.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == under("fr", "Summary") == "Synthèse"
    assert headings[-1] == under("fr", "Annex: all recommendations")
    everything = [p.text for p in document.paragraphs]
    assert status_line("fr") in everything
    with translation.override("fr"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        drafted = gettext("Draft generated by Rectrack on %(date)s.") % {"date": today}
    assert drafted in everything
    with translation.override("en"):
        assert today != formats.date_format(timezone.localdate(), "DATE_FORMAT")  # Django's


def test_the_report_language_does_not_change_the_interface_language(texts, viewer):
    with translation.override("es"):
        build(viewer, "pdf", "ar")
        assert translation.get_language() == "es"


def sheet_header(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell.value for cell in next(sheet.iter_rows(max_row=1))]


def headers(language: str) -> list[str]:
    with translation.override(language):
        return [str(column.label) for column in COLUMNS]


def test_xlsx_header_row_and_statuses_follow_the_language(texts, viewer, translated):
    exported = recommendations_export(user=viewer, format="xlsx", language="fr")
    assert sheet_header(exported.content) == headers("fr")
    assert sheet_header(exported.content)[0] == "Référence"
    exported = recommendations_export(user=viewer, format="xlsx", language="ar")
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == headers("ar") and rows[0][0] == "المرجع"
    status = headers("ar").index(under("ar", "Implementation status"))
    assert {row[status] for row in rows[1:]} == {"لا توجد معلومات"}
    assert {row[1] for row in rows[1:]} == {ARABIC, ARABIC_LONG, CHINESE, RUSSIAN, ENGLISH}


def test_export_page_takes_the_interface_language_or_the_one_asked(
    client, texts, viewer, translated
):
    client.force_login(viewer)
    url = reverse("reports:export")
    response = client.get(url, {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert sheet_header(response.content) == headers("fr")
    response = client.get(url, {"format": "xlsx", "language": "zh-hans"})
    assert sheet_header(response.content) == headers("zh-hans")
    response = client.get(url, {"format": "csv", "language": "ar"})
    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    assert first_line.split(",")[0] == "المرجع"
    assert client.get(url, {"format": "csv", "language": "xx"}).status_code == 400


def test_builder_offers_the_languages_by_their_own_names_and_defaults_to_the_interface(
    client, texts, viewer
):
    client.force_login(viewer)
    page = client.get(reverse("reports:builder"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    field = re.search(r'<select name="language"[^>]*id="id_language".*?</select>', page, re.S)
    options = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', field.group(0))
    with translation.override("ru"):
        label = gettext("Language of the report")
    assert f'<label for="id_language">{label}:</label>' in page
    assert options == [
        ("ar", "", "العربيّة"),
        ("en", "", "English"),
        ("es", "", "español"),
        ("fr", "", "français"),
        ("ru", " selected", "Русский"),
        ("zh-hans", "", "简体中文"),
    ]


def test_builder_drafts_the_report_in_the_language_chosen(client, texts, viewer, translated):
    client.force_login(viewer)
    response = client.post(
        reverse("reports:builder"),
        {"template": "upr-mid-term", "format": "docx", "language": "ar"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "تقرير منتصف المدة للاستعراض الدوري الشامل"
    assert response["Content-Disposition"].startswith('attachment; filename="upr-mid-term-')


@pytest.fixture
def committed_texts(request):
    """The texts committed, for the background thread's own connection to read."""
    from rectrack.conftest import reference_data

    reference_data()
    return request.getfixturevalue("texts")


@pytest.mark.django_db(transaction=True)
def test_a_background_report_keeps_the_language_chosen(
    client, committed_texts, viewer, settings, tmp_path, translated, task_queue
):
    from rectrack.reports.jobs import report_job_get

    settings.RECTRACK_REPORT_BACKGROUND_ABOVE = 1
    settings.VAR_DIR = tmp_path
    client.force_login(viewer)
    response = client.post(
        reverse("reports:builder"),
        {"template": "upr-mid-term", "format": "pdf", "language": "zh-hans"},
    )
    job_id = response["Location"].rstrip("/").split("/")[-1]
    task_queue.run()  # the queued job, run as `rectrack worker` does
    job = report_job_get(user=viewer, job_id=job_id)
    assert job.state == "done" and job.language == "zh-hans"
    assert "普遍定期审议中期报告" in pdf_text(job.path.read_bytes())


@pytest.fixture
def themed(texts):
    """The Arabic recommendation under a theme and a group named in French and Arabic."""
    from rectrack.recommendations.services import (
        affected_group_get_or_create,
        theme_get_or_create,
    )

    theme = theme_get_or_create(name="Right to education - General", code="E51")
    theme.translated_name_fr = "Droit à l’éducation - Généralités"
    theme.translated_name_ar = "الحق في التعليم - عام"
    theme.save()
    group = affected_group_get_or_create(name="Children")
    group.translated_name_fr = "Enfants"
    group.save()
    texts.ar.themes.add(theme)
    texts.ar.affected_groups.add(group)
    return theme


def test_exports_name_themes_and_groups_in_the_language_chosen(texts, themed, viewer):
    def row_of(language: str) -> dict:
        exported = recommendations_export(user=viewer, format="xlsx", language=language)
        sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
        header, *rows = sheet.iter_rows(values_only=True)
        return next(dict(zip(header, row, strict=True)) for row in rows if row[1] == ARABIC)

    french = row_of("fr")
    assert french[under("fr", "Themes")] == "E51 Droit à l’éducation - Généralités"
    assert french[under("fr", "Affected groups")] == "Enfants"
    english = row_of("en")
    assert english["Themes"] == "E51 Right to education - General"
    assert english["Affected groups"] == "Children"
    # No Spanish name: as imported.
    assert row_of("es")[under("es", "Affected groups")] == "Children"


def test_reports_name_mechanisms_and_themes_in_the_reports_language(texts, themed, viewer):
    def paragraphs_of(language: str) -> list[str]:
        document = Document(io.BytesIO(build(viewer, "docx", language, grouping="theme").content))
        return [p.text for p in document.paragraphs]

    paragraphs = paragraphs_of("ar")
    assert "الحق في التعليم - عام" in paragraphs  # the theme's heading
    source = under("ar", "Source: %(source)s").split("%(source)s")[0]
    sources = [p for p in paragraphs if p.startswith(source)]
    assert len(sources) == 5
    assert all(p[len(source) :].startswith("الاستعراض الدوري الشامل") for p in sources)
    assert not any("Universal Periodic Review" in p for p in paragraphs)
    paragraphs = paragraphs_of("fr")
    assert "Droit à l’éducation - Généralités" in paragraphs
    source = under("fr", "Source: %(source)s").split("%(source)s")[0]
    sources = [p for p in paragraphs if p.startswith(source)]
    assert len(sources) == 5
    assert all(p[len(source) :].startswith("Examen périodique universel") for p in sources)
