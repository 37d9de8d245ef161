"""The numbering part: Word's own heading numbering (a multi-level list linked to Heading 1-3, not
numbers typed in the text, so that a section left out leaves no gap), and list bullets as real
characters a screen reader can name."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from templates.styles import BODY_FONT

HEADING_NUMBERING = "Rubriknumrering"
HEADING_STYLES = ("Heading1", "Heading2", "Heading3")   # style ids linked to the list's levels 0-2
HEADING_NUMBERED_LEVELS = 2                            # Heading 1 and 2 show a number
BULLETS = ("\u2022", "\u2013", "\u25e6")   # •, –, ◦ by list level


def heading_numbering(document) -> None:
    """Word's own heading numbering: a multi-level list linked to Heading 1-3 ("7", "7.1"; Heading
    3 is linked but shows no number, as in the reference), so a section left out leaves no gap
    and an edited template renumbers itself. The list's levels name the heading styles and each
    heading style names the list, as Word writes it (Start > Flernivålista > Rubriker)."""
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
                          default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    levels = "".join(_numbering_level(level) for level in range(9))
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{HEADING_NUMBERING}"/>{levels}'
        "</w:abstractNum>")
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)          # the schema puts every abstractNum before the nums
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                               f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    for level in range(len(HEADING_STYLES)):
        numbered = document.styles[f"Heading {level + 1}"].element.get_or_add_pPr().get_or_add_numPr()
        numbered.get_or_add_ilvl().val = level
        numbered.get_or_add_numId().val = num_id
    for style in document.styles.element.findall(qn("w:style")):   # TOC Heading: based on Heading 1
        based_on = style.find(qn("w:basedOn"))
        if style.get(qn("w:styleId")) not in HEADING_STYLES and based_on is not None \
                and based_on.get(qn("w:val")) in HEADING_STYLES:
            style.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0   # 0: no number


def _numbering_level(level: int) -> str:
    """One level of the heading list: "%1", "%1.%2" and a single space before the heading's text
    for Heading 1 and 2; no number at Heading 3 and below."""
    shown = level < HEADING_NUMBERED_LEVELS
    text = ".".join(f"%{n + 1}" for n in range(level + 1)) if shown else ""
    style = f'<w:pStyle w:val="{HEADING_STYLES[level]}"/>' if level < len(HEADING_STYLES) else ""
    return (f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{"decimal" if shown else "none"}"/>{style}'
            f'<w:suff w:val="{"space" if shown else "nothing"}"/><w:lvlText w:val="{text}"/>'
            '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>')


def real_bullets(document) -> None:
    """List bullets as a real character in the body font ("•", "–", "◦"), not a private-use
    glyph of the Symbol or Wingdings font that a screen reader or a PDF's text cannot name."""
    for level in document.part.numbering_part.element.iter(qn("w:lvl")):
        if level.find(qn("w:numFmt")) is None or level.find(qn("w:numFmt")).get(qn("w:val")) != "bullet":
            continue
        depth = int(level.get(qn("w:ilvl"), "0"))
        level.find(qn("w:lvlText")).set(qn("w:val"), BULLETS[depth % len(BULLETS)])
        properties = level.find(qn("w:rPr"))
        if properties is not None:
            level.remove(properties)
        level.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" '
                               f'w:cs="{BODY_FONT}" w:hint="default"/></w:rPr>'))
