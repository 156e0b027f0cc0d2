"""The audit pack: one approved release of the manual, with everything an auditor asks for
about it, in one zip that verifies itself.

Built from a checkout of the release (never from the working tree), as ``bundle`` is: the
PDF and DOCX, the offline site, the changes since the previous approved release (Markdown),
the clause traceability matrix and the register of documented information (XLSX and CSV),
the communication of the version (XLSX and CSV, read from the repository's HEAD, since its
records are made after the release), the approval record with the tag and whether its
signature verifies, ``manifest.json``, ``README.txt`` and ``SHA256SUMS`` over every file. Two
packs of the same tag made at the same HEAD are the same bytes: every file is dated with the
release's commit, the zip too.

By part: ``make`` (the pack, step by step), ``releases`` (which releases are approved, and the
approval record), ``annex`` (the changes since the previous approved release), ``workbooks``
(the traceability matrix and the register), ``communications`` (who was told of the
version), ``readme`` (README.txt), ``site`` (the offline
site, built in a worker process) and ``files``. The manual is exported by ``pipeline``, as
``smsdocs export`` exports it. Imports ``pipeline``, ``project``, ``export``, ``history``,
``render``, ``site``, ``signing``, ``standards``, ``fonts`` and ``output``.
"""

from __future__ import annotations

from smsdocs.pack.annex import (
    ANNEX,
    annex_title,
)
from smsdocs.pack.make import (
    make_pack,
)
from smsdocs.pack.readme import (
    OPENPGP_STEPS,
    README,
    SSH_STEPS,
    one_line,
    ps_quote,
    sh_quote,
)
from smsdocs.pack.releases import (
    PackError,
    Release,
    approved,
    approved_releases,
    signature,
)
from smsdocs.pack.site import (
    offline_site,
    offline_site_zip,
)
from smsdocs.pack.workbooks import (
    FORMULA_STARTS,
    LINE_HEIGHT,
    WIDEST,
)

__all__ = [
    "ANNEX",
    "FORMULA_STARTS",
    "LINE_HEIGHT",
    "OPENPGP_STEPS",
    "README",
    "SSH_STEPS",
    "WIDEST",
    "PackError",
    "Release",
    "annex_title",
    "approved",
    "approved_releases",
    "make_pack",
    "offline_site",
    "offline_site_zip",
    "one_line",
    "ps_quote",
    "sh_quote",
    "signature",
]
