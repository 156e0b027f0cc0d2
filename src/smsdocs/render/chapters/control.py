"""Document control (7.5): the control table, approvals and the release history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from smsdocs.model import ReleaseRecord, name_of
from smsdocs.render import doc
from smsdocs.render.chapters.build import (
    grid,
    heading,
    note,
    or_none,
    section,
    texts,
    value,
)
from smsdocs.render.chapters.communicated import communicated_rows, communications
from smsdocs.render.chapters.integrated import integrated_references
from smsdocs.render.context import Context, macro
from smsdocs.render.diff import CHANGES, change_counts, entry_inlines
from smsdocs.render.doc import sentence
from smsdocs.render.links import linked
from smsdocs.words import N_


@macro
def document_control(ctx: Context) -> doc.Blocks:
    """Document control (7.5): id, title, organisation, owner, classification, version and
    status, standard and next review, then the approvals and the communication of approved
    versions."""
    scope, links, release = ctx.scope, ctx.links, ctx.release
    document = scope.document
    say = ctx.say
    detail = doc.inlines(" (", doc.Text(say(release.detail)), ")") if release.detail else ()
    rows = (
        (say("Document"), (doc.Text(document.id),)),
        (say("Title"), (doc.Text(document.title),)),
        (say("Organisation"), (doc.Text(scope.organization.name),)),
        (say("Owner"), linked(scope, links, document.owner)),
        (say("Classification"), (doc.Text(document.classification),)),
        (say("Version"), (doc.Text(release.version),)),
        (say("Status"), (doc.Text(say(release.status)), *detail)),
        (say("Standard"), (doc.Text(scope.sms.standard),)),
        (say("Next review"), ctx.day(scope.review_due())),
    )
    return (
        doc.Record(rows),
        *approvals(ctx),
        heading(say("Communication of approved versions")),
        *communications(ctx),
    )


DOWNLOADS: Final = "downloads"
"""The site's folder for the version's exported files."""


@macro
def downloads(ctx: Context) -> doc.Blocks:
    """This version as PDF and DOCX, for readers who need the document itself: each file
    with its size and SHA-256, so a copy can be checked against the published one. A printed
    manual lists nothing: it is one of these files."""
    if ctx.medium == "print":
        return ()
    if not ctx.downloads:
        return (note(ctx.say("This version was published without its PDF and DOCX.")),)
    return (
        grid(
            (ctx.say("File"), ctx.say("Size"), "SHA-256"),
            (
                (
                    (doc.Link((doc.Text(d.name),), doc.Ref(f"{DOWNLOADS}/{d.name}")),),
                    doc.inlines(
                        ctx.say("{size} KiB").format(size=ctx.number(round(d.size / 1024)))
                    ),
                    (doc.Code(d.sha256),),
                )
                for d in ctx.downloads
            ),
        ),
    )


@macro
def normative_references(ctx: Context) -> doc.Blocks:
    """The standards the manual rests on, in their editions: ISO/IEC 20000-1 as the scope
    data names it (with its amendment), and the implementation guidance where the scope
    holds an implementation plan."""
    say = ctx.say
    standard = ctx.scope.sms.standard
    amended = "Amd 1:2024" in standard.replace("Amendment 1:2024", "Amd 1:2024")
    title = say(
        "Information technology — Service management — Part 1: Service management system "
        "requirements"
    )
    items = [
        sentence(
            say("{standard}, {title}; its Amendment 1:2024 adds climate action to 4.1 and 4.2.")
            if amended
            else say(
                "{standard}, {title}. The scope data does not name its Amendment 1:2024 "
                "(climate action)."
            ),
            standard=doc.Text(standard),
            title=doc.Emph(doc.inlines(title)),
        )
    ]
    items += integrated_references(ctx.scope, ctx.say)
    if ctx.scope.implementation is not None:
        guidance = say(
            "Information technology — Service management — Part 5: Implementation guidance "
            "for ISO/IEC 20000-1"
        )
        items.append(
            sentence(
                say("{standard}, {title}, which the implementation plan follows."),
                standard="ISO/IEC TS 20000-5:2022",
                title=doc.Emph(doc.inlines(guidance)),
            )
        )
    return (doc.Listing(tuple(items)),)


@macro
def approvals(ctx: Context) -> doc.Blocks:
    """Management's approvals of versions of the scope (4.3): version, approver, date and
    record."""
    scope, links = ctx.scope, ctx.links
    if not scope.approvals:
        return (doc.nothing(ctx.say("No approvals recorded in the scope data.")),)
    ordered = sorted(scope.approvals, key=lambda a: a.date, reverse=True)
    return (
        grid(
            (ctx.say("Version"), ctx.say("Approved by"), ctx.say("Date"), ctx.say("Record")),
            (
                (
                    (doc.Text(a.version),),
                    linked(scope, links, a.by),
                    ctx.day(a.date),
                    value(a.record),
                )
                for a in ordered
            ),
        ),
    )


@macro
def release_history(ctx: Context) -> doc.Blocks:
    """Every release, newest first: tag, date, tagger, message, approval, changes since
    (or why the history cannot be read, where git is missing)."""
    say = ctx.say
    if ctx.history_unavailable:
        return (
            note(
                sentence(
                    say("The release history is unavailable: {reason}."),
                    reason=doc.Text(say(ctx.history_unavailable)),
                )
            ),
        )
    scope, records = ctx.scope, ctx.releases()
    tagged = {r.tag for r in records}
    untagged = [
        a.version
        for a in sorted(scope.approvals, key=lambda a: (a.date, a.version))
        if a.version not in tagged
    ]
    if not records:
        return (_nothing_tagged(ctx, untagged),)
    out: list[doc.Block] = []
    if ctx.release.status == "Approved":
        # An approved version's history is part of it: what is tagged later is not.
        out.append(
            doc.para(
                sentence(
                    say(
                        "This is version {version}: the releases listed are it and those "
                        "tagged before it in its own history; a release tagged later has a "
                        "manual of its own."
                    ),
                    version=doc.Text(ctx.release.version),
                )
            )
        )
    if untagged:
        out.append(
            doc.para(
                doc.Emph(
                    sentence(
                        say("Approved but not tagged: {versions}."),
                        versions=_versions(ctx, untagged),
                    )
                ),
                " ",
                ctx.say_n(
                    "No tag marks the commit management approved as this version, so the "
                    "releases below do not include it.",
                    "No tag marks the commit management approved as these versions, so the "
                    "releases below do not include them.",
                    len(untagged),
                ),
            )
        )
    for release in records[:HISTORY_IN_FULL]:
        out.extend(_release(ctx, release))
    earlier = records[HISTORY_IN_FULL:HISTORY_LISTED]
    if earlier:
        out.append(section(ctx, EARLIER))
        out.append(
            grid(
                (
                    say("Release"),
                    say("Tagged"),
                    say("Message"),
                    say("Changes since the release before"),
                ),
                (
                    (
                        (doc.Text(r.tag),),
                        _tagged(ctx, r),
                        value(r.message),
                        doc.inlines(change_counts(r.changes, ctx.language))
                        if r.changes
                        else doc.inlines(say("none"))
                        if r.changes is not None
                        else (doc.Text(say(r.problem) if r.problem else say("the first release")),),
                    )
                    for r in earlier
                ),
            )
        )
    unlisted = _unlisted(ctx, records)
    return (*out, unlisted) if unlisted else tuple(out)


EARLIER: Final = N_("Earlier releases")
"""The heading of the releases the history lists in a table (its anchor is this English)."""


def _nothing_tagged(ctx: Context, untagged: Sequence[str]) -> doc.Paragraph:
    """What the history says where no release is tagged: that none is, or which approved
    versions no tag marks; on the site, how to tag one."""
    say = ctx.say
    if untagged:
        said = doc.inlines(
            doc.Emph(
                sentence(
                    say("No release has been tagged yet, although management approved {versions}:"),
                    versions=_versions(ctx, untagged),
                )
            ),
            " ",
            say(
                "no tag marks the commit of any of them, so this manual cannot be shown as an "
                "approved version and is a Draft."
            ),
        )
    else:
        said = (
            doc.Emph(
                doc.inlines(
                    say(
                        "No release has been tagged yet: no version of the scope has been released."
                    )
                )
            ),
        )
    if ctx.medium == "print":
        # A printed manual's readers cannot tag a release: only say what is missing.
        return doc.Paragraph(said)
    return doc.para(
        said,
        " ",
        sentence(
            say(
                "A release is an annotated git tag such as {tag} ({command}) on the commit "
                "management approved."
            ),
            tag=doc.Code("v1.0.0"),
            command=doc.Code('git tag -a v1.0.0 -m "..."'),
        ),
    )


def _release(ctx: Context, release: ReleaseRecord) -> doc.Blocks:
    """One release in full: its heading, its tag, message, approval and signature, and what
    changed since the release before."""
    scope, links, say = ctx.scope, ctx.links, ctx.say
    approval = next((a for a in scope.approvals if a.version == release.tag), None)
    approved = (
        sentence(
            say("{by} on {date} ({record})") if approval.record else say("{by} on {date}"),
            by=linked(scope, links, approval.by),
            date=ctx.day(approval.date),
            record=doc.Text(approval.record or ""),
        )
        if approval
        else doc.inlines(say("No approval is recorded for this version"))
    )
    out: list[doc.Block] = [
        heading(doc.Text(release.tag)),
        doc.Record(
            (
                (say("Tagged"), _tagged(ctx, release)),
                (say("Message"), value(release.message)),
                (say("Approval"), approved),
                *communicated_rows(ctx, release.tag),
                *_signed(ctx, release.signature),
            ),
        ),
    ]
    if release.changes is None:
        out.append(
            note(doc.Text(say(release.problem)), ".")
            if release.problem
            else note(say("The first release."))
        )
    elif not release.changes:
        out.append(note(say("No change to the scope data since the release before.")))
    else:
        out.append(
            doc.para(
                say("Changes since the release before: {changes}.").format(
                    changes=change_counts(release.changes, ctx.language)
                )
            )
        )
        out.append(
            grid(
                (say("Change"), say("Section"), say("Entry"), say("Fields")),
                (
                    (
                        doc.inlines(say(CHANGES[c.change])),
                        (doc.Text(c.section),),
                        linked(scope, links, c.id, name_of(scope, c.id, ctx.language))
                        if c.id in scope.index
                        else entry_inlines(c),
                        or_none(texts(name for name, _, _ in c.fields))
                        if c.change == "changed"
                        else doc.inlines("—"),
                    )
                    for c in release.changes
                ),
            )
        )
    return tuple(out)


def _tagged(ctx: Context, release: ReleaseRecord) -> doc.Inlines:
    """When and by whom a release was tagged."""
    try:
        date = ctx.day(dt.date.fromisoformat(release.date))
    except ValueError:
        date = (doc.Text(release.date),)
    return sentence(
        ctx.say("{date} by {tagger}"),
        date=date,
        tagger=doc.Text(release.tagger or ctx.say("unknown")),
    )


def _unlisted(ctx: Context, records: Sequence[ReleaseRecord]) -> doc.Paragraph | None:
    """How many older releases the history leaves out, and (on the site) how to see them."""
    unlisted = len(records) - HISTORY_LISTED
    if unlisted <= 0:
        return None
    oldest, newest = doc.Text(records[-1].tag), doc.Text(records[HISTORY_LISTED].tag)
    count = ctx.number(unlisted)
    if ctx.medium == "print":
        return note(
            sentence(
                ctx.say_n(
                    "{count} earlier release, {oldest}, is not listed here.",
                    "{count} earlier releases, from {oldest} to {newest}, are not listed here.",
                    unlisted,
                ),
                count=count,
                oldest=oldest,
                newest=newest,
            )
        )
    return doc.para(
        doc.Emph(
            doc.inlines(
                ctx.say_n(
                    "{count} earlier release is not listed here.",
                    "{count} earlier releases are not listed here.",
                    unlisted,
                ).format(count=count)
            )
        ),
        " ",
        sentence(
            ctx.say(
                "{tags} lists every release, and {diff} shows what changed between any two, "
                "such as {oldest} and {newest}."
            ),
            tags=doc.Code("git tag -l"),
            diff=doc.Code("smsdocs diff OLD NEW"),
            oldest=oldest,
            newest=newest,
        ),
    )


def _signed(ctx: Context, signature: str) -> tuple[tuple[str, doc.Inlines], ...]:
    """The release's "Signature" row, as git verified the tag where the manual was built;
    none where it was not asked."""
    say = ctx.say
    if not signature:
        return ()
    if signature == "unsigned":
        return ((say("Signature"), doc.inlines(say("The tag is not signed"))),)
    if signature.startswith("verified: "):
        who = signature.removeprefix("verified: ")
        return (
            (
                say("Signature"),
                sentence(say("Signed by {who}; git verified the signature"), who=doc.Text(who)),
            ),
        )
    return (
        (
            say("Signature"),
            doc.inlines(
                say(
                    "The tag is signed, but git could not verify the signature with the keys "
                    "it trusts where this manual was built"
                )
            ),
        ),
    )


def _versions(ctx: Context, versions: Sequence[str]) -> doc.Inlines:
    """ "v1.0.0", "v1.0.0 and v1.1.0", "v1.0.0, v1.1.0 and v1.2.0"."""
    shown = [(doc.Text(v),) for v in versions]
    if len(shown) == 1:
        return shown[0]
    return sentence(
        ctx.say("{versions} and {version}"), versions=doc.joined(shown[:-1]), version=shown[-1]
    )


HISTORY_IN_FULL: Final = 20
"""Releases the history chapter shows in full (a section each); older ones share one table,
so a project with thousands of tags has a chapter, a contents and a search index that stay
in proportion."""


HISTORY_LISTED: Final = 200
"""Releases the history chapter lists at all; it names how many older ones there are, and
their changes are never worked out."""
