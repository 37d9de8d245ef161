"""Accessibility checks on a rendered .docx (DOS-lagen, EN 301 549 / WCAG 2.1 for documents).

What a screen reader and a PDF export need and a template edit can lose: the document's
language, title, subject and author; real heading styles; each table's header row marked (and
so repeated on every page); a text alternative on every picture; no empty paragraphs used for
spacing; no merged cells in data tables; every text colour in the styles at least 4.5:1 against
its background (WCAG 2.1, 1.4.3: `style_contrasts`); each document property once, and no stale
statistics in app.xml. Returns Swedish descriptions, one per finding; an
empty list is a pass. Used by the tests on every rendered document, and available to warn
about an organisation's own texts (a picture without alt text, say).
"""

from __future__ import annotations

from io import BytesIO
from zipfile import ZipFile

from lxml import etree

from pipeline.render.docx_package import LANGUAGE

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_W = "{%s}" % _NS["w"]
_CORE_NAMESPACES = {_NS["cp"], _NS["dc"], "http://purl.org/dc/terms/", "http://purl.org/dc/dcmitype/"}
_CONTENT = ("drawing", "pict", "object", "br", "fldChar", "fldSimple", "instrText", "sectPr")


MINIMUM_CONTRAST = 4.5            # WCAG 2.1, 1.4.3: text against its background
PAGE = "FFFFFF"
_APP_STALE = ("Pages", "Words", "Characters", "CharactersWithSpaces", "Lines", "Paragraphs", "Template",
              "TotalTime", "TitlesOfParts", "HeadingPairs")


def accessibility_findings(data: bytes) -> list[str]:
    """Everything in the .docx `data` that keeps it from being accessible, in Swedish."""
    with ZipFile(BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
        core = etree.fromstring(package.read("docProps/core.xml"))
        app = (etree.fromstring(package.read("docProps/app.xml"))
               if "docProps/app.xml" in package.namelist() else None)
    return (_property_findings(core) + _package_property_findings(core, app) + _language_findings(styles)
            + _heading_findings(document, styles) + _table_findings(document) + _picture_findings(document)
            + _empty_paragraphs(document) + contrast_findings(styles))


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an RRGGBB colour."""
    channels = []
    for i in (0, 2, 4):
        value = int(colour[i:i + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1's contrast ratio, 1 to 21 ("4F81BD" on "FFFFFF": 4.03)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def style_background(style, colour) -> str:
    """The background a style's text colour (a w:color inside `style`) is shown on: the shading
    of its table-style region (header row, …) or of the style itself, else the white page."""
    scope = colour if colour.tag == f"{_W}tblStylePr" else next(
        (a for a in colour.iterancestors() if a.tag in (f"{_W}tblStylePr", f"{_W}style")), style)
    for shading in scope.iter(f"{_W}shd"):
        if scope.tag == f"{_W}style" and any(a.tag == f"{_W}tblStylePr" for a in shading.iterancestors()):
            continue                  # a region's own shading, not the style's
        fill = shading.get(f"{_W}fill")
        if fill and fill != "auto":
            return fill
    return PAGE


def style_contrasts(styles) -> list[tuple[str, str, str, float]]:
    """(style name, text colour, background, contrast) of every text colour in the styles; a
    shaded table region's automatic (black) text too. Theme colours are not resolved: a colour
    that names a theme colour counts as failing (Word shows the theme's, whatever the value)."""
    found = []
    for style in styles.iterfind("w:style", _NS):
        name_node = style.find("w:name", _NS)
        name = name_node.get(f"{_W}val") if name_node is not None else style.get(f"{_W}styleId")
        for colour in style.iter(f"{_W}color"):
            value = colour.get(f"{_W}val") or "auto"
            if colour.get(f"{_W}themeColor"):
                found.append((name, f"{value} (temafärg {colour.get(f'{_W}themeColor')})", "", 0.0))
                continue
            background = style_background(style, colour)
            shown = "000000" if value == "auto" else value
            found.append((name, value, background, contrast_ratio(shown, background)))
        for region in style.iterfind("w:tblStylePr", _NS):
            if region.find(".//w:color", _NS) is None:
                background = style_background(style, region)
                found.append((name, "auto", background, contrast_ratio("000000", background)))
    return found


def contrast_findings(styles) -> list[str]:
    return [f'Formatmallen "{name}" har textfärgen {colour} mot {background or "okänd bakgrund"}, '
            f"kontrast {ratio:.2f}:1; minst {MINIMUM_CONTRAST}:1 krävs."
            for name, colour, background, ratio in style_contrasts(styles) if ratio < MINIMUM_CONTRAST]


def _package_property_findings(core, app) -> list[str]:
    """Document properties as a reader's program shows them: each core property once, and no
    statistics (pages, words) from the blank document a template began as."""
    findings = []
    tags = [node.tag for node in core]
    for tag in dict.fromkeys(t for t in tags if tags.count(t) > 1):
        findings.append(f"Dokumentegenskaperna (core.xml) har {etree.QName(tag).localname} {tags.count(tag)} gånger.")
    foreign = [node for node in core if etree.QName(node).namespace not in _CORE_NAMESPACES]
    if foreign:
        findings.append("Dokumentegenskaperna (core.xml) har element i fel namnrymd: "
                        + ", ".join(etree.QName(node).localname for node in foreign) + ".")
    if app is not None:
        stale = [etree.QName(node).localname for node in app if etree.QName(node).localname in _APP_STALE]
        if stale:
            findings.append("Programegenskaperna (app.xml) har inaktuell statistik från mallen: "
                            + ", ".join(stale) + ".")
    return findings


def _property_findings(core) -> list[str]:
    findings = []
    for tag, name in (("dc:title", "titel"), ("dc:subject", "ämne"), ("dc:creator", "författare"),
                      ("dc:language", "språk")):
        node = core.find(tag, _NS)
        if node is None or not (node.text or "").strip():
            findings.append(f"Dokumentet saknar {name} i dokumentegenskaperna.")
    language = core.find("dc:language", _NS)
    if language is not None and (language.text or "").strip() and language.text != LANGUAGE:
        findings.append(f"Dokumentegenskapernas språk är {language.text}, inte {LANGUAGE}.")
    return findings


def _language_findings(styles) -> list[str]:
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", _NS)
    if lang is None or lang.get(f"{_W}val") != LANGUAGE:
        found = None if lang is None else lang.get(f"{_W}val")
        return [f"Dokumentets standardspråk är {found or 'inte angivet'}, inte {LANGUAGE}."]
    return []


def _heading_findings(document, styles) -> list[str]:
    """Headings must be Word's heading styles (outline levels), not bold Normal text."""
    heading_ids = {style.get(f"{_W}styleId") for style in styles.iterfind("w:style", _NS)
                   if (style.find("w:name", _NS) is not None
                       and style.find("w:name", _NS).get(f"{_W}val", "").lower().startswith("heading"))}
    used = {node.get(f"{_W}val") for node in document.iterfind(".//w:pPr/w:pStyle", _NS)}
    if not used & heading_ids:
        return ["Dokumentet har inga rubriker med rubrikformat (Rubrik 1, 2, 3)."]
    return []


def _table_findings(document) -> list[str]:
    findings = []
    for number, table in enumerate(document.iter(f"{_W}tbl"), start=1):
        first_row = table.find("w:tr", _NS)
        if first_row is None or first_row.find("w:trPr/w:tblHeader", _NS) is None:
            findings.append(f"Tabell {number} har ingen rubrikrad markerad som rubrikrad.")
        if table.find("w:tblPr/w:tblCaption", _NS) is None:
            findings.append(f"Tabell {number} saknar rubrik i alternativ text (tblCaption).")
        merged = table.xpath(".//w:tcPr/w:gridSpan[@w:val != '1'] | .//w:tcPr/w:vMerge | .//w:tcPr/w:hMerge",
                             namespaces=_NS)
        if merged:
            findings.append(f"Tabell {number} har sammanslagna celler.")
    return findings


def _picture_findings(document) -> list[str]:
    findings = []
    for number, properties in enumerate(document.iterfind(".//wp:docPr", _NS), start=1):
        if not (properties.get("descr") or "").strip():
            findings.append(f"Bild {number} ({properties.get('name', '')}) saknar alternativ text.")
    return findings


def _empty_paragraphs(document) -> list[str]:
    """Body paragraphs (not table cells) with nothing in them: spacing belongs in the styles."""
    body = document.find("w:body", _NS)
    count = 0
    for paragraph in body.iterfind("w:p", _NS):
        text = "".join(node.text or "" for node in paragraph.iter(f"{_W}t")).strip()
        if text or any(paragraph.find(f".//w:{tag}", _NS) is not None for tag in _CONTENT):
            continue
        count += 1
    return [f"Dokumentet har {count} tomma stycken (avstånd ska ligga i formatmallarna)."] if count else []
