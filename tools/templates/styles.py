"""The templates' styles: table text and figures, the table style, body, figure, status, memo and
caption styles, the table of contents' entries; then, before saving, only the styles a template
uses or an editor reaches for, with every text colour at WCAG's contrast (DOS-lagen)."""

from __future__ import annotations

import re

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from pipeline.render.accessibility import MINIMUM_CONTRAST, contrast_ratio, style_background
from templates.package import TEXT_WIDTH_CM

TABLE_STYLE = "Ekonomitabell"
TABLE_TEXT = "Tabelltext"               # label column and tag rows
TABLE_FIGURES = "Tabellsiffror"         # figure columns: right-aligned
BORDER_COLOUR = "A6A6A6"
HEADER_SHADING = "F2F2F2"
TABLE_CAPTION = "Tabellrubrik"          # a visible caption above a table, kept with it
FIGURE = "Figur"                        # paragraph holding a chart: centred, kept with its caption
SENDER = "Avsändare"                    # the memo's förvaltning and handläggare block
SIGNATURE = "Underskrift"
BODY_FONT = "Calibri"                   # LibreOffice uses the metric-compatible Carlito
# Built-in styles kept in every template although it does not use them (lower-case names, as in
# styles.xml): what an editor in Word or an organisation's text is likely to use.
KEPT_STYLES = frozenset({
    "normal", "title", "subtitle", "caption", "quote", "intense quote", "list paragraph", "list bullet",
    "list bullet 2", "list number", "list number 2", "toc heading", "toc 1", "toc 2", "toc 3", "header",
    "footer", "hyperlink", "strong", "emphasis", "table grid", "no spacing",
    *(f"heading {n}" for n in range(1, 10)),
})


def table_styles(document) -> None:
    """Paragraph styles for table text and figures, and a light bordered table style."""
    styles = document.styles
    text = _paragraph_style(styles, TABLE_TEXT, styles["Normal"])
    text.font.size = Pt(9)
    text.paragraph_format.space_before = Pt(1)
    text.paragraph_format.space_after = Pt(1)
    text.paragraph_format.line_spacing = 1.0
    figures = _paragraph_style(styles, TABLE_FIGURES, text)
    figures.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Normal Table"]
    table.element.append(_table_style_properties())
    table.element.append(_header_row_look())


def _paragraph_style(styles, name: str, base):
    """A new paragraph style based on `base`, shown in Word's style gallery."""
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = base
    style.quick_style = True
    return style


def paragraph_styles(document) -> None:
    """Spacing lives in the styles, so the templates need no empty paragraphs."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    figure = _paragraph_style(styles, FIGURE, normal)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.space_before = Pt(6)
    status = _paragraph_style(styles, "Status", normal)
    status.font.bold = True
    status.paragraph_format.keep_with_next = True        # a goal's status stays with its analysis
    sender = _paragraph_style(styles, SENDER, normal)
    sender.paragraph_format.space_after = Pt(0)
    recipient = _paragraph_style(styles, "Mottagare", normal)
    recipient.font.bold = True
    recipient.paragraph_format.space_before = Pt(18)
    recipient.paragraph_format.space_after = Pt(18)
    signature = _paragraph_style(styles, SIGNATURE, sender)
    signature.paragraph_format.space_before = Pt(36)
    signature.paragraph_format.keep_with_next = True
    styles["Caption"].paragraph_format.space_after = Pt(10)
    for level in range(1, 4):           # the table of contents' entries: page number after dots
        styles.element.append(parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
            f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{Cm(TEXT_WIDTH_CM).twips}"/></w:tabs>'
            f'<w:spacing w:after="60"/><w:ind w:left="{(level - 1) * 220}"/></w:pPr></w:style>'))
    border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if border is not None:          # a line under the title: drawn untagged in the PDF (PDF/UA)
        styles["Title"].element.pPr.remove(border)
    for name in ("Title", "TOC Heading"):
        # Headings to a screen reader and in the PDF's tag tree (H1): outline level 1. The table of
        # contents lists the Heading 1-2 styles only (no \\u in the field; lo_export.py does the same
        # in LibreOffice), so neither is listed in it.
        properties = styles[name].element.get_or_add_pPr()
        for old_level in properties.findall(qn("w:outlineLvl")):
            properties.remove(old_level)
        properties.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    for name in ("Header", "Footer"):        # Word's centre and right tabs, at this page's text width
        tabs = styles[name].paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(Cm(TEXT_WIDTH_CM / 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)


def table_caption_style(document):
    """The "Tabellrubrik" style: Word's Caption (its colour and size), with space above and kept
    with the table that follows."""
    styles = document.styles
    if TABLE_CAPTION in [style.name for style in styles]:
        return styles[TABLE_CAPTION]
    style = _paragraph_style(styles, TABLE_CAPTION, styles["Caption"])
    style.paragraph_format.space_before = Pt(12)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.keep_with_next = True
    return style


def _table_style_properties():
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOUR}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
    )


def _header_row_look():
    return parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_SHADING}"/></w:tcPr>'
        "</w:tblStylePr>"
    )


def without_unused_styles(document) -> None:
    """Only the styles a template uses, the built-in ones an editor or an organisation's text
    reaches for (KEPT_STYLES), and those they are based on, linked to or followed by.

    python-docx's blank document carries some 170 styles, most of them Word 2010 table styles in
    the old theme's light blue, with text colours below WCAG's 4.5:1; nothing uses them, and a
    style left out that an organisation's text uses comes with that text."""
    root = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in root.findall(qn("w:style"))}
    names = {style_id: style.find(qn("w:name")).get(qn("w:val")) for style_id, style in by_id.items()
             if style.find(qn("w:name")) is not None}
    parts = [part.element for part in document.part.package.iter_parts()
             if re.fullmatch(r"/word/(document|numbering|header\d*|footer\d*)\.xml", str(part.partname))]
    used = {node.get(qn("w:val")) for part in parts for node in part.iter(
        qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))}
    keep = used | {i for i, style in by_id.items()
                   if style.get(qn("w:default")) in ("1", "true") or names.get(i, "").lower() in KEPT_STYLES}
    todo = list(keep)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for link in style.iterchildren(qn("w:basedOn"), qn("w:link"), qn("w:next")):
            if link.get(qn("w:val")) not in keep:
                keep.add(link.get(qn("w:val")))
                todo.append(link.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            root.remove(style)


def accessible_colours(document) -> None:
    """Every text colour in the styles at least 4.5:1 against its background (WCAG 2.1, 1.4.3).

    A colour is written as itself (the theme attributes go: Word would show the theme's colour,
    whatever the value says); one that is too light is darkened, keeping its hue, until it has
    the contrast. tests/test_accessibility.py computes the same from the templates' styles."""
    for style in document.styles.element.findall(qn("w:style")):
        for colour in style.iter(qn("w:color")):
            for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                colour.attrib.pop(qn(attribute), None)
            value = colour.get(qn("w:val"))
            if value is None or value == "auto":
                continue
            background = style_background(style, colour)
            while contrast_ratio(value, background) < MINIMUM_CONTRAST:
                value = "".join(f"{int(int(value[i:i + 2], 16) * 0.9):02X}" for i in (0, 2, 4))
            colour.set(qn("w:val"), value)
