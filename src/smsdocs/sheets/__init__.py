"""Spreadsheets in and out: a sheet read as located cells (``table``), its columns matched to
the contract's fields (``columns``) and its cells converted (``cells``), the rows merged into
the YAML keeping its comments and layout (``merge``), the whole planned and checked in memory
(``intake``), and a section written out as a sheet (``export``)."""
