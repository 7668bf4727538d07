"""Persistence of the domain: SQLAlchemy 2.0 rows, Alembic migrations, repository functions.

Only this package (and ``migrations``) imports SQLAlchemy. Callers use :mod:`rota.storage.db`
(``open_database``) and :mod:`rota.storage.repo` (``save``, ``get``, ``list_all``...), which
take and return plain domain objects. Importing this package does nothing heavy (no engine).
"""
