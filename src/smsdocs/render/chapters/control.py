"""Document control (7.5): the control table, approvals and the release history."""

from __future__ import annotations

from typing import Final

from smsdocs.render import material
from smsdocs.render.blocks import listing, nothing, record, table, when
from smsdocs.render.chapters.integrated import integrated_references
from smsdocs.render.context import Context, macro
from smsdocs.render.diff import change_counts, entry_markdown
from smsdocs.render.links import link
from smsdocs.render.text import text


@macro
def document_control(ctx: Context) -> str:
    """Document control (7.5): id, title, organisation, owner, classification, version and
    status, standard and next review, then the approvals."""
    scope, links, release = ctx.scope, ctx.links, ctx.release
    doc = scope.document
    due = scope.review_due()
    rows = [
        ("Document", text(doc.id)),
        ("Title", text(doc.title)),
        ("Organisation", text(scope.organization.name)),
        ("Owner", link(scope, links, doc.owner)),
        ("Classification", text(doc.classification)),
        ("Version", text(release.version)),
        ("Status", text(release.status) + (f" ({text(release.detail)})" if release.detail else "")),
        ("Standard", text(scope.sms.standard)),
        ("Next review", when(due)),
    ]
    return record(rows) + "\n" + approvals(ctx)


DOWNLOADS: Final = "downloads"
"""The site's folder for the version's exported files."""


@macro
def downloads(ctx: Context) -> str:
    """This version as PDF and DOCX, for readers who need the document itself: each file
    with its size and SHA-256, so a copy can be checked against the published one. A printed
    manual lists nothing: it is one of these files."""
    if ctx.medium == "print":
        return ""
    if not ctx.downloads:
        return "*This version was published without its PDF and DOCX.*\n"
    return table(
        ("File", "Size", "SHA-256"),
        (
            (
                f"[{text(d.name)}]({ctx.links.to(f'{DOWNLOADS}/{d.name}')})",
                f"{d.size / 1024:,.0f} KiB",
                f"`{d.sha256}`",
            )
            for d in ctx.downloads
        ),
    )


@macro
def normative_references(ctx: Context) -> str:
    """The standards the manual rests on, in their editions: ISO/IEC 20000-1 as the scope
    data names it (with its amendment), and the implementation guidance where the scope
    holds an implementation plan."""
    standard = ctx.scope.sms.standard
    amended = "Amd 1:2024" in standard.replace("Amendment 1:2024", "Amd 1:2024")
    items = [
        f"{text(standard)}, *Information technology — Service management — Part 1: Service "
        "management system requirements*"
        + (
            "; its Amendment 1:2024 adds climate action to 4.1 and 4.2."
            if amended
            else ". The scope data does not name its Amendment 1:2024 (climate action)."
        )
    ]
    items += (material.inlines(i, ctx.links.page) for i in integrated_references(ctx.scope))
    if ctx.scope.implementation is not None:
        items.append(
            "ISO/IEC TS 20000-5:2022, *Information technology — Service management — Part 5: "
            "Implementation guidance for ISO/IEC 20000-1*, which the implementation plan follows."
        )
    return listing(items)


@macro
def approvals(ctx: Context) -> str:
    """Management's approvals of versions of the scope (4.3): version, approver, date and
    record."""
    scope, links = ctx.scope, ctx.links
    if not scope.approvals:
        return nothing("approvals")
    ordered = sorted(scope.approvals, key=lambda a: a.date, reverse=True)
    return table(
        ("Version", "Approved by", "Date", "Record"),
        (
            (text(a.version), link(scope, links, a.by), when(a.date), text(a.record or "—"))
            for a in ordered
        ),
    )


@macro
def release_history(ctx: Context) -> str:
    """Every release, newest first: tag, date, tagger, message, approval, changes since
    (or why the history cannot be read, where git is missing)."""
    if ctx.history_unavailable:
        return f"*The release history is unavailable: {text(ctx.history_unavailable)}.*\n"
    scope, links, records = ctx.scope, ctx.links, ctx.releases()
    tagged = {r.tag for r in records}
    untagged = [
        a.version
        for a in sorted(scope.approvals, key=lambda a: (a.date, a.version))
        if a.version not in tagged
    ]
    if not records:
        if untagged:
            said = (
                f"*No release has been tagged yet, although management approved "
                f"{_versions(untagged)}:* no tag marks the commit of any of them, so this "
                "manual cannot be shown as an approved version and is a Draft."
            )
        else:
            said = "*No release has been tagged yet: no version of the scope has been released.*"
        if ctx.medium == "print":
            # A printed manual's readers cannot tag a release: only say what is missing.
            return said + "\n"
        return (
            said + " A release is an annotated git tag such as `v1.0.0` "
            '(`git tag -a v1.0.0 -m "..."`) on the commit management approved.\n'
        )
    out: list[str] = []
    if ctx.release.status == "Approved":
        # An approved version's history is part of it: what is tagged later is not.
        out.append(
            f"This is version {text(ctx.release.version)}: the releases listed are it and "
            "those tagged before it in its own history; a release tagged later has a manual "
            "of its own.\n"
        )
    if untagged:
        out.append(
            f"*Approved but not tagged: {_versions(untagged)}.* No tag marks the commit "
            + (
                "management approved as these versions, so the releases below do not "
                "include them.\n"
                if len(untagged) > 1
                else "management approved as this version, so the releases below do not "
                "include it.\n"
            )
        )
    for release in records[:HISTORY_IN_FULL]:
        approval = next((a for a in scope.approvals if a.version == release.tag), None)
        approved = (
            f"{link(scope, links, approval.by)} on {when(approval.date)}"
            + (f" ({text(approval.record)})" if approval.record else "")
            if approval
            else "No approval is recorded for this version"
        )
        out.append(f"### {text(release.tag)}\n")
        out.append(
            record(
                (
                    ("Tagged", f"{text(release.date)} by {text(release.tagger or 'unknown')}"),
                    ("Message", text(release.message) if release.message else "—"),
                    ("Approval", approved),
                    *_signed(release.signature),
                ),
            )
        )
        if release.changes is None:
            out.append(
                f"*{text(release.problem)}.*\n" if release.problem else "*The first release.*\n"
            )
        elif not release.changes:
            out.append("*No change to the scope data since the release before.*\n")
        else:
            out.append(f"Changes since the release before: {change_counts(release.changes)}.\n")
            out.append(
                table(
                    ("Change", "Section", "Entry", "Fields"),
                    (
                        (
                            c.change,
                            text(c.section),
                            link(scope, links, c.id) if c.id in scope.index else entry_markdown(c),
                            ", ".join(text(name) for name, _, _ in c.fields)
                            if c.change == "changed"
                            else "—",
                        )
                        for c in release.changes
                    ),
                )
            )
    earlier = records[HISTORY_IN_FULL:HISTORY_LISTED]
    if earlier:
        out.append("### Earlier releases\n")
        out.append(
            table(
                ("Release", "Tagged", "Message", "Changes since the release before"),
                (
                    (
                        text(r.tag),
                        f"{text(r.date)} by {text(r.tagger or 'unknown')}",
                        text(r.message) if r.message else "—",
                        change_counts(r.changes)
                        if r.changes
                        else "none"
                        if r.changes is not None
                        else text(r.problem or "the first release"),
                    )
                    for r in earlier
                ),
            )
        )
    unlisted = len(records) - HISTORY_LISTED
    if unlisted > 0 and ctx.medium == "print":
        oldest, newest = text(records[-1].tag), text(records[HISTORY_LISTED].tag)
        out.append(
            f"*{unlisted:,} earlier release{'s' if unlisted > 1 else ''}, "
            + (f"from {oldest} to {newest}, are" if unlisted > 1 else f"{oldest}, is")
            + " not listed here.*\n"
        )
    elif unlisted > 0:
        out.append(
            f"*{unlisted:,} earlier release{'s are' if unlisted > 1 else ' is'} not listed "
            "here.* `git tag -l` lists every release, and `smsdocs diff OLD NEW` shows what "
            f"changed between any two, such as {text(records[-1].tag)} and "
            f"{text(records[HISTORY_LISTED].tag)}.\n"
        )
    return "\n".join(out)


def _signed(signature: str) -> tuple[tuple[str, str], ...]:
    """The release's "Signature" row, as git verified the tag where the manual was built;
    none where it was not asked."""
    if not signature:
        return ()
    if signature == "unsigned":
        return (("Signature", "The tag is not signed"),)
    if signature.startswith("verified: "):
        who = signature.removeprefix("verified: ")
        return (("Signature", f"Signed by {text(who)}; git verified the signature"),)
    return (
        (
            "Signature",
            "The tag is signed, but git could not verify the signature with the keys it "
            "trusts where this manual was built",
        ),
    )


def _versions(versions: list[str]) -> str:
    """ "v1.0.0", "v1.0.0 and v1.1.0", "v1.0.0, v1.1.0 and v1.2.0"."""
    shown = [text(v) for v in versions]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


HISTORY_IN_FULL: Final = 20
"""Releases the history chapter shows in full (a section each); older ones share one table,
so a project with thousands of tags has a chapter, a contents and a search index that stay
in proportion."""


HISTORY_LISTED: Final = 200
"""Releases the history chapter lists at all; it names how many older ones there are, and
their changes are never worked out."""
