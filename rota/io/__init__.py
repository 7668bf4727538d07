"""Files in and out: the skills matrix (people, skills, role targets, assessments) as spreadsheets.

Modules: :mod:`~rota.io.skills_tables` (kinds, columns, reading files into raw tables),
:mod:`~rota.io.skills_import` (checking tables into records, every problem listed) and
:mod:`~rota.io.skills_export` (writing the export). Pure: no database; the use cases that load
and store are in :mod:`rota.services.skills_io`.

Formats
-------
* **Excel (.xlsx)**: one sheet per kind, named ``people``, ``skills``, ``targets`` and
  ``assessments``; row 1 holds the column names. Sheets named ``matrix`` or ``readme`` are
  ignored on import (the matrix is derived from the assessments); any other sheet is a problem.
* **CSV**: one file per kind (UTF-8, comma separated, header row). The kind comes from the ``kind``
  argument, else from the file name (``people.csv``, ``team-a.assessments.csv``: a word of the name
  equal to a kind). A directory imports every ``*.csv`` in it (``matrix.csv`` ignored).

Columns (case-insensitive; ``*`` = required):

* people: ``id``, ``email`` (one of the two*), ``name``*. Without an id the email is the id.
* skills: ``id``*, ``name``*, ``category``* (harm area, market/regulator, language, tooling,
  process), ``description``, ``validity_days``, ``recency_days``, ``prerequisites`` (skill ids
  separated by ``;``), ``descriptor_0`` .. ``descriptor_4``.
* targets: ``role``*, ``skill_id``*, ``target_level``* (0-4), ``mandatory`` (yes/no, true/false,
  1/0; blank = no), ``importance`` (1-3; blank = 1).
* assessments: ``person_id``* (a person's id or email), ``skill_id``*, ``level``* (0-4, or
  ``N/A`` for not applicable), ``assessed_at``* (``YYYY-MM-DD`` = midnight UTC, or ISO 8601
  date-time; without an offset it is UTC), ``id`` (blank: derived from the row's content),
  ``source`` (blank = import), ``assessor_id``, ``status`` (blank = approved), ``decided_by``,
  ``decided_at`` (for an approved row without them: ``imported_by`` and ``assessed_at``),
  ``comment``, ``evidence``.

A person or skill is known when the caller passes it in (loaded from the database) or when the same
import defines it. Row numbers are spreadsheet rows: the header is row 1, the first data row is 2.
Completely blank rows are skipped.

Import is two-step: :func:`preview_import` reads everything and lists **every** problem (unknown
person, unknown skill, level out of range, duplicate row, bad date, ...) with file or sheet, row
and column; only a preview with zero problems carries ``records`` to write. Nothing is written here.

Export (:func:`export_skills_data`) writes the people, skills, targets, the full assessment history
and the matrix as of a date, to one workbook (``.xlsx``) or to a directory of CSV files. Importing
the export reproduces the matrix exactly (times are written as ISO 8601 text to keep them exact).
"""
