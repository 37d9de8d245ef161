"""Issue 11, items 2 and 3: the tjänsteskrivelse's header, footer, decision heading, date and kept
lists; the templates' contrast (computed from their styles), headings, list labels and document
properties; the PDF's tag tree (LibreOffice) and, where it is installed, a PDF/UA validator."""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import docx
import pytest
from lxml import etree

from conftest import libreoffice_or_skip
from pipeline.problems import Location, Severity
from pipeline.render.accessibility import (
    MINIMUM_CONTRAST, accessibility_findings, contrast_ratio, style_contrasts,
)
from pipeline.render.contract import full_context
from pipeline.render.memo import memo_context
from pipeline.render.word import DEFAULT_MEMO_TEMPLATE, DEFAULT_TEMPLATE, TEMPLATES, render_docx
from pipeline.settings.memo import memo_date_problems, memo_settings

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TIMESTAMP = datetime(2023, 8, 31, 12, 0)
SHIPPED = sorted([*TEMPLATES.glob("*.docx"), *TEMPLATES.glob("oversikt/*.docx")])
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _memo_settings(**keys):
    settings, problems = memo_settings({"tjansteskrivelse": {"handlaggare": "Anna", **keys}}, Location("rapport.toml"))
    assert problems == []
    return settings


def _memo(settings=None, dokument: dict | None = None) -> bytes:
    context = full_context()
    context["dokument"] = {**context["dokument"], **(dokument or {})}
    context["memo"] = memo_context(settings or _memo_settings(), context["dokument"])
    return render_docx(DEFAULT_MEMO_TEMPLATE, context, timestamp=TIMESTAMP, title="Tjänsteskrivelse",
                       subject="Delårsrapport augusti 2023", author="Kommunledningsförvaltningen")


def _part(data: bytes, name: str):
    with ZipFile(BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


# --- the tjänsteskrivelse ---------------------------------------------------------------------

def test_memo_header_has_kommun_forvaltning_date_and_dnr_and_footer_counts_pages():
    document = docx.Document(BytesIO(_memo()))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == [
        "Enköpings kommun\tDatum 2023-09-15", "Kommunledningsförvaltningen\tDnr KS2023/623"]
    footer = section.footer.paragraphs[0]
    instructions = [node.text.strip() for node in footer._p.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "".join(node.text for node in footer._p.iter(f"{W}t")) == "Sida 1 av 1"   # until Word counts


def test_memo_header_leaves_out_the_dnr_of_a_namnd_without_one():
    document = docx.Document(BytesIO(_memo(dokument={"arendenummer": ""})))
    assert document.sections[0].header.paragraphs[1].text == "Kommunledningsförvaltningen\t"


def test_decision_heading_names_the_namnd_in_the_genitive_from_its_data():
    for name, genitive, expected in (
            ("Kommunstyrelsen", "Kommunstyrelsens", "Förslag till kommunstyrelsens beslut"),
            ("Barn- och utbildningsnämnden", "Barn- och utbildningsnämndens",
             "Förslag till barn- och utbildningsnämndens beslut")):
        document = docx.Document(BytesIO(_memo(dokument={"namnd": name, "namnd_genitiv": genitive})))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
        assert headings[0] == expected


def test_decision_heading_is_a_setting():
    settings = _memo_settings(beslutsrubrik="Förslag till beslut i {namnd_gemen}")
    document = docx.Document(BytesIO(_memo(settings)))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"][0] == \
        "Förslag till beslut i kommunstyrelsen"


def test_memo_date_follows_the_period_by_rule_or_its_own_setting():
    rule = _memo_settings()
    assert rule.date_for(2023, 8) == "2023-09-15"               # 31 Aug + 15 days, a Friday
    assert rule.date_for(2023, 4) == "2023-05-15"               # 30 Apr + 15 = Mon 15 May
    assert rule.date_for(2023, 12) == "2024-01-15"              # 31 Dec + 15 = Mon 15 Jan
    assert rule.date_for(2023, 9) == "2023-10-16"               # 30 Sep + 15 = Sun 15 Oct -> Monday
    assert _memo_settings(datum_dagar_efter_periodens_slut=10).date_for(2023, 8) == "2023-09-11"  # Sun -> Mon
    own = _memo_settings(datum_per_period={"2023-04": "2023-05-12"})
    assert own.date_for(2023, 4) == "2023-05-12" and own.date_for(2023, 8) == "2023-09-15"


def test_a_fixed_date_is_used_only_for_the_period_it_fits_and_otherwise_warned_about():
    fixed = _memo_settings(datum="2023-09-15")
    assert fixed.date_for(2023, 8) == "2023-09-15"
    assert memo_date_problems(fixed, 2023, 8, Location("rapport.toml")) == []
    assert fixed.date_for(2023, 4) == "2023-05-15"              # not an April memo dated in September
    [problem] = memo_date_problems(fixed, 2023, 4, Location("rapport.toml"))
    assert problem.severity is Severity.WARNING and problem.location == Location("rapport.toml")
    assert problem.message == ('tjansteskrivelse.datum = "2023-09-15" passar inte perioden 2023-04 (periodens '
                               "sista dag är 2023-04-30). Tjänsteskrivelsen får datumet 2023-05-15 (15 dagar "
                               "efter periodens slut).")
    assert 'datum_per_period = { "2023-04" = "2023-05-15" }' in problem.hint


def test_bad_dates_per_period_are_located_problems():
    _, problems = memo_settings({"tjansteskrivelse": {"handlaggare": "A", "datum_per_period": {
        "augusti": "2023-09-15", "2023-04": "2023-02-30"}}}, Location("rapport.toml"))
    assert [p.message for p in problems] == [
        'tjansteskrivelse.datum_per_period har perioden "augusti", som inte är en period.',
        'tjansteskrivelse.datum_per_period "2023-04" = "2023-02-30" är inget datum.']
    assert all(p.location == Location("rapport.toml") for p in problems)


def test_memo_lists_are_kept_together_every_item_but_the_last_keeps_with_the_next():
    document = docx.Document(BytesIO(_memo(_memo_settings(skickas_till=["A, för åtgärd", "B", "C"]))))
    paragraphs = document.paragraphs
    for heading in ("Beslutsunderlag", "Beslutet skickas till"):
        at = next(i for i, p in enumerate(paragraphs) if p.text == heading)
        items = []
        for paragraph in paragraphs[at + 1:]:
            if paragraph.style.name != "List Bullet":
                break
            items.append(paragraph)
        assert items, heading
        kept = [bool(p.paragraph_format.keep_with_next) for p in items]
        assert kept == [True] * (len(items) - 1) + [False], heading
    assert paragraphs[0].style.paragraph_format.keep_with_next is not True   # not the whole memo
    heading_style = document.styles["Heading 2"]
    assert heading_style.paragraph_format.keep_with_next


# --- the templates ----------------------------------------------------------------------------

@pytest.mark.parametrize("template", SHIPPED, ids=lambda p: p.name)
def test_every_text_colour_in_the_shipped_templates_has_contrast(template):
    contrasts = style_contrasts(_part(template.read_bytes(), "word/styles.xml"))
    assert len(contrasts) >= 10                          # headings, title, caption, table header, …
    low = [c for c in contrasts if c[3] < MINIMUM_CONTRAST]
    assert low == []
    names = {name for name, *_ in contrasts}
    assert {"heading 2", "heading 3", "caption", "Subtitle"} <= names


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("4F81BD", "FFFFFF") == pytest.approx(4.03, abs=0.01)    # the finding
    assert contrast_ratio("FFFFFF", "FFFFFF") == pytest.approx(1.0)


def test_a_light_or_themed_colour_is_a_finding():
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W[1:-1]}"><w:style w:type="paragraph" w:styleId="X"><w:name w:val="Ljus"/>'
        '<w:rPr><w:color w:val="4F81BD"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Y"><w:name w:val="Tema"/>'
        '<w:rPr><w:color w:val="000000" w:themeColor="accent1"/></w:rPr></w:style>'
        '<w:style w:type="table" w:styleId="T"><w:name w:val="Mörk"/><w:tblStylePr w:type="firstRow">'
        '<w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:tcPr><w:shd w:val="clear" w:fill="F2F2F2"/></w:tcPr>'
        "</w:tblStylePr></w:style></w:styles>")
    low = [(name, background) for name, _, background, ratio in style_contrasts(styles) if ratio < 4.5]
    assert low == [("Ljus", "FFFFFF"), ("Tema", ""), ("Mörk", "F2F2F2")]


@pytest.mark.parametrize("template", SHIPPED, ids=lambda p: p.name)
def test_bullets_are_real_characters_not_private_use_glyphs(template):
    numbering = _part(template.read_bytes(), "word/numbering.xml")
    bullets = [level for level in numbering.iter(f"{W}lvl")
               if level.find(f"{W}numFmt").get(f"{W}val") == "bullet"]
    assert bullets
    for level in bullets:
        text = level.find(f"{W}lvlText").get(f"{W}val")
        assert text in ("•", "–", "◦")
        fonts = level.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}ascii") == "Calibri"            # not Symbol, Wingdings or Courier New


@pytest.mark.parametrize("template", SHIPPED, ids=lambda p: p.name)
def test_document_properties_are_clean(template):
    data = template.read_bytes()
    core = _part(data, "docProps/core.xml")
    tags = [node.tag for node in core]
    assert len(tags) == len(set(tags))
    assert all("custom-properties" not in tag for tag in tags)
    app = _part(data, "docProps/app.xml")
    assert [etree.QName(node).localname for node in app if etree.QName(node).localname in
            ("Pages", "Words", "Characters", "Template", "TitlesOfParts")] == []


def test_rendered_documents_have_no_accessibility_findings():
    report = render_docx(DEFAULT_TEMPLATE, {**full_context()}, timestamp=TIMESTAMP, title="Rapport",
                         subject="Delårsrapport augusti 2023", author="Kommunledningsförvaltningen")
    memo = _memo(_memo_settings(telefon="0171-1", epost="a@b.se", bakgrund="Bakgrund.", beredning="Beredning."))
    for data in (report, memo):
        assert accessibility_findings(data) == []


def test_duplicate_core_properties_and_stale_statistics_are_findings():
    data = _memo()
    with ZipFile(BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>", b"<dc:title>Igen</dc:title></cp:coreProperties>")
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
        b"</Properties>", b"<Pages>1</Pages><Words>0</Words></Properties>")
    buffer = BytesIO()
    with ZipFile(buffer, "w") as package:
        for name, part in parts.items():
            package.writestr(name, part)
    findings = accessibility_findings(buffer.getvalue())
    assert "Dokumentegenskaperna (core.xml) har title 2 gånger." in findings
    assert "Programegenskaperna (app.xml) har inaktuell statistik från mallen: Pages, Words." in findings


def test_title_and_contents_heading_are_outline_level_headings_left_out_of_the_contents():
    styles = _part(DEFAULT_TEMPLATE.read_bytes(), "word/styles.xml")
    for style_id in ("Title", "TOCHeading"):
        [style] = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id]
        assert style.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "0"
    document = _part(DEFAULT_TEMPLATE.read_bytes(), "word/document.xml")
    [field] = [n.text for n in document.iter(f"{W}instrText") if "TOC" in n.text]
    assert "\\o" in field and "\\u" not in field          # the heading styles only, not every outline level


# --- the PDFs (LibreOffice) -----------------------------------------------------------------

def _structure(pdf: bytes) -> list[tuple[int, str, str]]:
    """(depth, role as mapped, text of its marked content is not read) of every structure element."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    reader = PdfReader(BytesIO(pdf))
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    role_map = {str(k): str(v) for k, v in (tree.get("/RoleMap") or {}).items()}
    found = []

    def walk(node, depth):
        node = node.get_object()
        if not isinstance(node, DictionaryObject) or "/S" not in node:
            return
        role = str(node["/S"])
        found.append((depth, role_map.get(role, role), role))
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in (kids if isinstance(kids, ArrayObject) else [kids]):
            walk(kid, depth + 1)

    kids = tree["/K"].get_object()
    for kid in (kids if isinstance(kids, ArrayObject) else [kids]):
        walk(kid, 0)
    return found


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    libreoffice_or_skip()
    from pipeline.render.pdf import pdf_from_docx

    report = render_docx(DEFAULT_TEMPLATE, {**full_context()}, timestamp=TIMESTAMP, title="Rapport",
                         subject="Delårsrapport augusti 2023", author="Kommunledningsförvaltningen")
    return {"rapport": pdf_from_docx(report, timestamp=TIMESTAMP), "memo": pdf_from_docx(_memo(), timestamp=TIMESTAMP)}


def test_pdf_title_and_contents_heading_are_headings_in_the_tag_tree(pdfs):
    structure = _structure(pdfs["rapport"])
    roles = [role for _, role, _ in structure]
    assert roles[:6] == ["/Document", "/H1", "/P", "/P", "/H1", "/TOC"]   # title, 2 subtitles, contents heading
    from pypdf import PdfReader

    contents = PdfReader(BytesIO(pdfs["rapport"])).pages[1].extract_text()
    assert "Innehållsförteckning" in contents
    assert not re.search(r"Delårsrapport augusti 2023\.{3}", contents)   # the title is not listed
    assert re.search(r"1 Sammanfattning\.{3}", contents)


def test_pdf_lists_are_tagged_lists_with_real_bullet_characters(pdfs):
    from pypdf import PdfReader

    structure = _structure(pdfs["memo"])
    roles = [role for _, role, _ in structure]
    assert roles.count("/LI") >= 3                                        # proposal, documents, recipients
    for at, (depth, role, _) in enumerate(structure):
        if role == "/LI":                                                 # LI > Lbl, LBody
            children = [r for d, r, _ in structure[at + 1:at + 4] if d == depth + 1]
            assert children[:2] == ["/Lbl", "/LBody"]
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdfs["memo"])).pages)
    assert "• Tjänsteskrivelse, 2023-09-15" in text
    assert not PRIVATE_USE.search(text)
    pages = len(PdfReader(BytesIO(pdfs["memo"])).pages)
    assert all(f"Sida {n} av {pages}" in text for n in range(1, pages + 1))


def test_pdfs_pass_a_pdf_ua_validator_where_one_is_installed(pdfs, tmp_path):
    """page-validation (PyPI: a Rust PDF/UA-1 validator tested against veraPDF's corpus; a test
    dependency): both PDFs pass every rule it checks."""
    import page
    failures = {name: sorted({f.rule_id for f in page.validate_pdf_bytes(data).failures})
                for name, data in pdfs.items()}
    assert failures == {"rapport": [], "memo": []}


def test_pdf_pages_with_links_declare_the_structure_order(pdfs):
    from pypdf import PdfReader

    pages = PdfReader(BytesIO(pdfs["rapport"]), strict=True).pages
    with_links = [page for page in pages if "/Annots" in page]
    assert with_links                                            # the contents' links
    assert all(page["/Tabs"] == "/S" for page in with_links)


def test_tab_order_is_made_a_name_at_the_same_length():
    from pipeline.render.pdf import with_tab_order

    page = b"<</Type/Page/Annots[1 0 R]\n/Tabs(S)\n/StructParents 1>>"
    assert with_tab_order(page) == b"<</Type/Page/Annots[1 0 R]\n/Tabs/S \n/StructParents 1>>"


# --- the .docx's table of contents --------------------------------------------------------------

ENTRIES = [(1, "1 Sammanfattning", "3"), (2, "1.1 Underavsnitt", "4"), (1, "2 Ekonomi", "5")]


def _report_docx() -> bytes:
    return render_docx(DEFAULT_TEMPLATE, {**full_context()}, timestamp=TIMESTAMP, title="Rapport",
                       subject="Delårsrapport augusti 2023", author="Kommunledningsförvaltningen")


def test_contents_are_filled_in_as_laid_out_and_the_field_kept():
    from pipeline.render.contents import with_filled_contents

    filled = docx.Document(BytesIO(with_filled_contents(_report_docx(), ENTRIES, TIMESTAMP)))
    entries = [(p.style.name, p.text) for p in filled.paragraphs if p.style.name.startswith("toc")]
    assert entries == [("toc 1", "1 Sammanfattning\t3"), ("toc 2", "1.1 Underavsnitt\t4"), ("toc 1", "2 Ekonomi\t5")]
    paragraphs = [p for p in filled.paragraphs if p.style.name.startswith("toc")]
    kinds = [[node.get(f"{W}fldCharType") for node in p._p.iter(f"{W}fldChar")] for p in paragraphs]
    assert kinds == [["begin", "separate"], [], ["end"]]          # one field around the entries
    assert "TOC" in "".join(node.text for node in paragraphs[0]._p.iter(f"{W}instrText"))
    assert not any("fylls i" in p.text for p in filled.paragraphs)     # the placeholder is gone
    tab = filled.styles["toc 1"].paragraph_format.tab_stops[0]
    assert tab.position.cm == pytest.approx(17.0, abs=0.01)


def test_contents_stay_as_the_field_without_entries():
    from pipeline.render.contents import with_filled_contents

    data = _report_docx()
    assert with_filled_contents(data, [], TIMESTAMP) == data              # no LibreOffice: Word fills it


def test_with_pdfs_fills_the_docx_contents_when_libreoffice_is_there():
    libreoffice_or_skip()
    from pipeline.render.documents import with_pdfs

    files, note = with_pdfs({"rapport.docx": _report_docx()}, TIMESTAMP)
    assert note is None and set(files) == {"rapport.docx", "rapport.pdf"}
    entries = [p.text for p in docx.Document(BytesIO(files["rapport.docx"])).paragraphs
               if p.style.name.startswith("toc")]
    assert entries[0].startswith("1 Sammanfattning\t") and entries[0].split("\t")[1].isdigit()
    assert len(entries) >= 10


def test_list_labels_leave_a_file_they_cannot_read_as_it_is():
    from pipeline.render.pdf_tags import with_list_labels

    for data in (b"", b"%PDF-1.6\nnot laid out by LibreOffice\n%%EOF\n", b"startxref\n999999\n%%EOF\n"):
        assert with_list_labels(data) == data


def test_list_labels_are_an_update_after_the_file_as_libreoffice_wrote_it(pdfs):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdfs["memo"]), strict=True)
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    parents = [ref.get_object() for ref in tree["/ParentTree"].get_object()["/Nums"][1]]
    labels = [element for element in parents if element["/S"] == "/Lbl"]
    assert labels and all(element["/P"].get_object()["/S"] == "/LI" for element in labels)
    assert pdfs["memo"].count(b"%%EOF") == 2                             # LibreOffice's, then the update


def test_a_run_warns_when_the_fixed_date_does_not_fit_its_period(tmp_path):
    from conftest import write_inputs
    from pipeline.orchestrator import build_report

    folder = write_inputs(tmp_path / "in")
    settings = folder / "installningar" / "rapport.toml"
    text = settings.read_text(encoding="utf-8").replace("[tjansteskrivelse]\n", '[tjansteskrivelse]\ndatum = "2022-01-20"\n', 1)
    settings.write_text(text, encoding="utf-8")
    report, problems = build_report(folder)
    found = [p for p in problems if p.rule == "tjänsteskrivelse-datum"]
    assert report is not None and len(found) == 1
    assert found[0].severity is Severity.WARNING and found[0].location.file.endswith("rapport.toml")
    period = report.period
    assert f"passar inte perioden {period.year}-{period.month:02d}" in found[0].message
