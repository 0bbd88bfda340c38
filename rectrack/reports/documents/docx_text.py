"""Text in the Word document in every script. Word and LibreOffice shape and order text
themselves; they need to be told which paragraphs run right to left and which fonts and
languages to use for Arabic and Chinese:

- a paragraph whose first strong character is Arabic or Hebrew gets <w:bidi/> (it runs, and
  aligns, from the right), its Arabic stretches <w:rtl/>; Latin stretches inside it stay left
  to right, and a paragraph in English stays left to right in a report in Arabic;
- every style names a complex-script font (Arial: Arabic on every Windows and Mac; on Linux
  LibreOffice substitutes one that has the glyphs) and an East Asian one (Microsoft YaHei),
  instead of theme fonts, and the document's languages: the report's for Latin text,
  ar-SA for complex-script and zh-CN for East Asian text;
- in a report in a right-to-left language the section and the tables run right to left.
"""

import copy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from rectrack.reports.documents.scripts import direction_runs, has_rtl, is_rtl

COMPLEX_SCRIPT_FONT = "Arial"
EAST_ASIAN_FONT = "Microsoft YaHei"
LATIN_LANGUAGES = {"en": "en-GB", "es": "es-ES", "fr": "fr-FR", "ru": "ru-RU"}
# What may follow <w:bidi/> in a paragraph's properties, and <w:bidiVisual/> in a table's
# (the schema fixes the order of both).
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_BIDI_VISUAL = (
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
)
_TEXT, _RUN, _RPR = qn("w:t"), qn("w:r"), qn("w:rPr")


def set_fonts_and_languages(document, language: str) -> None:
    """Explicit complex-script and East Asian fonts in every style (theme fonts would win
    over them), and the document's three languages."""
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for theme in ("w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LATIN_LANGUAGES.get(language.split("-")[0], "en-GB"))
        lang.set(qn("w:eastAsia"), "zh-CN")
        lang.set(qn("w:bidi"), "ar-SA")


def set_report_direction(document) -> None:
    """A report in a right-to-left language: its section (page layout) and tables too."""
    for section in document.element.body.iter(qn("w:sectPr")):
        section.append(OxmlElement("w:bidi"))
    for table in document.tables:
        properties = table._tbl.tblPr
        properties.insert_element_before(OxmlElement("w:bidiVisual"), *_AFTER_BIDI_VISUAL)


def _mark_rtl(run) -> None:
    properties = run.find(_RPR)
    if properties is None:
        properties = OxmlElement("w:rPr")
        run.insert(0, properties)
    if properties.find(qn("w:rtl")) is None:
        rtl = OxmlElement("w:rtl")
        properties.insert_element_before(rtl, "w:cs", "w:em", "w:lang", "w:eastAsianLayout")


def _split_run(run) -> None:
    """A run holding Arabic and Latin text becomes one run per direction, the Arabic ones
    marked right to left."""
    properties = run.find(_RPR)
    pieces = []
    for child in list(run):
        if child is properties:
            continue
        if child.tag == _TEXT and child.text and has_rtl(child.text):
            pieces.extend(direction_runs(child.text))
        else:
            pieces.append((None, child))
    if len(pieces) == 1 and pieces[0][0]:
        _mark_rtl(run)
        return
    parent, position = run.getparent(), run.getparent().index(run)
    for offset, (rtl, piece) in enumerate(pieces):
        new = OxmlElement("w:r")
        if properties is not None:
            new.append(copy.deepcopy(properties))
        if rtl is None:
            new.append(piece)
        else:
            text = OxmlElement("w:t")
            text.text = piece
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            new.append(text)
            if rtl:
                _mark_rtl(new)
        parent.insert(position + offset, new)
    parent.remove(run)


def set_directions(document, rtl_default: bool) -> None:
    """Each paragraph's direction from its own text (`rtl_default` for one with no letter);
    only paragraphs holding Arabic or Hebrew are touched, so English ones cost nothing."""
    for paragraph in document.element.body.iter(qn("w:p")):
        texts = [node.text or "" for node in paragraph.iter(_TEXT)]
        text = "".join(texts)
        rtl = is_rtl(text, rtl_default) if text else False
        if rtl:
            properties = paragraph.get_or_add_pPr()
            properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
        if has_rtl(text):
            for run in list(paragraph.iter(_RUN)):
                if any(has_rtl(node.text or "") for node in run.iter(_TEXT)):
                    _split_run(run)
