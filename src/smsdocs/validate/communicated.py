"""Pass 3 of the check, continued: the rules on the records of who was told of which approved
version (4.3, 7.4).

Clause 4.3 asks for the scope to be communicated and 7.4 for communication to be planned and
done; neither asks for an acknowledgement, so a communication without one is never a finding.
What is checked is that each record is possible: it names a version whose approval is
recorded, it is dated no earlier than that approval, and an acknowledgement comes from a
recipient, after the communication, with a SHA-256 that is one. One function per rule, over
the same ``Facts`` as the rules in ``rules`` and ``documented``.

Imports ``errors``, ``model`` and, in this folder, ``facts``, ``report`` and ``suggest``.
"""

from __future__ import annotations

import re
from typing import Final

from smsdocs.errors import Note, printable
from smsdocs.model import SHA256_PATTERN, Approval
from smsdocs.validate.facts import Facts
from smsdocs.validate.report import Report
from smsdocs.validate.suggest import suggest

SHA256: Final = re.compile(SHA256_PATTERN)


def _approvals(facts: Facts) -> dict[str, Approval]:
    """The first approval recorded of each version."""
    approvals: dict[str, Approval] = {}
    for a in facts.valid("approvals"):
        approvals.setdefault(a.version, a)
    return approvals


def communication_names_an_approved_version(facts: Facts, report: Report) -> None:
    """4.3: a communication record is of an approved version, so its version is one whose
    approval the scope records."""
    approvals = _approvals(facts)
    for c in facts.valid("communications"):
        if c.version in approvals:
            continue
        hint = suggest(c.version, approvals)
        fix = (
            f", or name the approved version{hint}"
            if hint
            else ", or name the version as 'approvals:' does"
            if approvals
            else " (the scope records no approval yet)"
        )
        report.add(
            facts.field_mark(c, "version"),
            "communication-unapproved",
            f"communication '{c.id}' is of version {printable(repr(c.version))}, whose approval "
            f"is not recorded; record management's approval of it under 'approvals:' first{fix} "
            "(4.3)",
        )


def communication_follows_the_approval(facts: Facts, report: Report) -> None:
    """4.3: a version is communicated as approved only once it is approved, so a record dated
    before the approval is wrong in its date or its version (a draft shared for comment before
    approval is not a communication of an approved version)."""
    approvals = _approvals(facts)
    for c in facts.valid("communications"):
        approval = approvals.get(c.version)
        if approval is None or c.date >= approval.date:
            continue
        report.add(
            facts.field_mark(c, "date"),
            "communication-before-approval",
            f"communication '{c.id}' is dated {c.date}, before version '{c.version}' was "
            f"approved on {approval.date}; a version cannot be communicated as approved before "
            "it is: correct the date or the version (a draft shared for comment before the "
            "approval belongs in the approval's record, not here)",
            notes=(Note(facts.field_mark(approval, "date"), "the approval is dated here"),),
        )


def communication_is_not_in_the_future(facts: Facts, report: Report) -> None:
    """7.5.2: a communication and its acknowledgements are dated no later than the day of the
    check (a record says what was done)."""
    for c in facts.valid("communications"):
        if c.date > facts.today:
            report.add(
                facts.field_mark(c, "date"),
                "date-future",
                f"communication '{c.id}' is dated {c.date}, after today ({facts.today}); "
                "record it once it is done, or correct the date",
                "warning",
            )
        for a in c.acknowledgements:
            if a.date > facts.today:
                report.add(
                    facts.field_mark(a, "date"),
                    "date-future",
                    f"the acknowledgement by '{a.by}' of communication '{c.id}' is dated "
                    f"{a.date}, after today ({facts.today}); correct the date",
                    "warning",
                )


def acknowledgement_is_by_a_recipient(facts: Facts, report: Report) -> None:
    """An acknowledgement comes from someone the version was communicated to (a warning: the
    record may simply miss a recipient in 'to')."""
    for c in facts.valid("communications"):
        for a in c.acknowledgements:
            if a.by in c.to or facts.registry.get(a.by) is None:
                continue  # an unknown id is reported as such
            report.add(
                facts.field_mark(a, "by"),
                "acknowledgement-not-recipient",
                f"the acknowledgement by '{a.by}' of communication '{c.id}' is not by one of "
                f"its recipients ({', '.join(c.to)}); add '{a.by}' to the communication's "
                "'to', or correct 'by'",
                "warning",
                notes=(Note(facts.field_mark(c, "to"), "the recipients are listed here"),),
            )


def acknowledgement_follows_the_communication(facts: Facts, report: Report) -> None:
    """A version is acknowledged after it is communicated."""
    for c in facts.valid("communications"):
        for a in c.acknowledgements:
            if a.date >= c.date:
                continue
            report.add(
                facts.field_mark(a, "date"),
                "acknowledgement-before-communication",
                f"the acknowledgement by '{a.by}' of communication '{c.id}' is dated {a.date}, "
                f"before the communication on {c.date}; correct either date",
                notes=(Note(facts.field_mark(c, "date"), "the communication is dated here"),),
            )


def acknowledgement_hash_is_a_sha256(facts: Facts, report: Report) -> None:
    """An acknowledgement's 'pdf_sha256' is a SHA-256: 64 hexadecimal digits."""
    for c in facts.valid("communications"):
        for a in c.acknowledgements:
            if a.pdf_sha256 is None or SHA256.fullmatch(a.pdf_sha256):
                continue
            report.add(
                facts.field_mark(a, "pdf_sha256"),
                "acknowledgement-hash",
                f"the acknowledgement by '{a.by}' of communication '{c.id}' gives "
                f"'pdf_sha256' {printable(repr(a.pdf_sha256[:80]))}, which is not a SHA-256 "
                f"(64 hexadecimal digits, here {len(a.pdf_sha256)} characters); copy the hash "
                "of the PDF as 'sha256sum' or 'Get-FileHash' prints it, or leave the field out",
            )
