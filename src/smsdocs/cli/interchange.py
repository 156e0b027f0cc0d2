"""Findings in the formats review tools read: SARIF 2.1.0 (GitHub code scanning, GitLab,
Azure DevOps) and GitLab's Code Quality report.

Both are pure functions of the findings and the paths they are shown under, so the same
check prints the same report byte for byte. Messages quote the user's text, and these tools
show them in a browser, where a bidirectional override could reorder the line a reviewer
reads: they are shown escaped, as in the terminal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, Final
from urllib.parse import quote

from smsdocs.codes import CODES
from smsdocs.errors import Finding, Mark, printable

SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION: Final = "2.1.0"
SRCROOT: Final = "%SRCROOT%"
# GitLab ranks major above minor in the merge request widget; smsdocs has no finding that
# blocks more than an error does, so critical and blocker stay unused.
GITLAB_SEVERITY: Final = {"error": "major", "warning": "minor"}

Paths = Callable[[Mark], Mark]


def sarif(findings: Sequence[Finding], paths: Paths, version: str) -> dict[str, Any]:
    """One SARIF 2.1.0 log with one run of smsdocs holding ``findings`` in their order."""
    codes = sorted({f.code for f in findings})
    index = {code: n for n, code in enumerate(codes)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "smsdocs",
                        "version": version,
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, paths, index[f.code]) for f in findings],
            }
        ],
    }


def _rule(code: str) -> dict[str, Any]:
    """A rule as GitHub, GitLab and Azure DevOps show it beside its results: what the finding
    means, the clause of ISO/IEC 20000-1 it enforces, and its usual level."""
    rule: dict[str, Any] = {"id": code, "name": code}
    known = CODES.get(code)
    if known is None:
        return rule
    meaning = known.meaning.replace("`", "")
    clause = (
        "a finding on the data itself: the manual cannot be built from it"
        if known.clause == "— data"
        else "good practice, not a requirement"
        if known.clause == "—"
        else f"ISO/IEC 20000-1:2018 {known.clause}"
    )
    rule["shortDescription"] = {"text": known.title}
    text = f"{meaning[:1].upper()}{meaning[1:]} ({clause})."
    markdown = f"{known.meaning[:1].upper()}{known.meaning[1:]} ({clause})."
    rule["fullDescription"] = {"text": text, "markdown": markdown}
    fix = " Each result's message names the value and says how to fix it."
    rule["help"] = {"text": text + fix, "markdown": markdown + fix}
    rule["defaultConfiguration"] = {
        "level": "error" if known.severity.startswith("error") else "warning"
    }
    rule["properties"] = {"tags": ["iso-20000", "data" if known.clause == "— data" else "rule"]}
    return rule


def _result(finding: Finding, paths: Paths, rule: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule,
        "level": finding.severity,
        "message": {"text": printable(finding.message)},
    }
    if finding.mark.file:
        result["locations"] = [_location(paths(finding.mark))]
    related = [
        {**_location(paths(note.mark)), "id": n, "message": {"text": printable(note.message)}}
        for n, note in enumerate(finding.notes)
        if note.mark.file
    ]
    if related:
        result["relatedLocations"] = related
    return result


def _location(mark: Mark) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(mark.file), "uriBaseId": SRCROOT}}
    if mark.line > 0:
        physical["region"] = {"startLine": mark.line, "startColumn": max(mark.column, 1)}
    return {"physicalLocation": physical}


def gitlab(findings: Sequence[Finding], paths: Paths) -> list[dict[str, Any]]:
    """GitLab's Code Quality report: one issue per finding, in the findings' order.

    The fingerprint hashes the code, the file and the message, not the line, so a finding
    keeps its fingerprint when lines above it move and GitLab does not show it as new; the
    rare findings alike in all three get a counter so no two issues share one.
    """
    issues = []
    seen: dict[str, int] = {}
    for finding in findings:
        mark = paths(finding.mark)
        key = "\0".join((finding.code, mark.file, finding.message))
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key += f"\0{count}"
        description = printable(finding.message) + "".join(
            f"\n{printable(str(paths(note.mark)))}: note: {printable(note.message)}"
            for note in finding.notes
        )
        issues.append(
            {
                "description": description,
                "check_name": finding.code,
                "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                "severity": GITLAB_SEVERITY[finding.severity],
                "location": {"path": mark.file, "lines": {"begin": max(mark.line, 1)}},
            }
        )
    return issues
