"""The parts of the default Word templates that tools/make_templates.py builds, one concern each.

- `package.py`: page, language, package clean-up, core and app properties
- `styles.py`: paragraph, table and caption styles; unused styles dropped; accessible colours
- `numbering.py`: Word's heading numbering and real bullet characters
- `tables.py`: figure tables (docxtpl row and column loops) and tables of texts
- `blocks.py`: the paragraph blocks (optional sections and texts, charts, fields, page footer)
- `document.py`: the blank document every template starts from, and its reproducible bytes
- `report.py`, `memo.py`, `overview.py`: the report types' templates, the tjänsteskrivelse, the
  kommun's overview

Imported as `templates.<module>` with tools/ on sys.path (tools/ is not a package).
"""
