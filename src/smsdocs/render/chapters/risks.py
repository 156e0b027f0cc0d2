"""Risks (6.1) and the legal and other requirements (4.2) that bear on the scope."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from smsdocs.model import (
    REQUIREMENT_KINDS,
    Risk,
    Scope,
)
from smsdocs.render import doc
from smsdocs.render.blocks import by_kind
from smsdocs.render.chapters.build import grid, section, value
from smsdocs.render.charts import HEATMAP, heatmap_svg, heatmap_title
from smsdocs.render.context import Context, macro
from smsdocs.render.links import Links, anchored, figure_path, linked, linked_all
from smsdocs.words import N_


@macro
def risk_register(ctx: Context) -> doc.Blocks:
    """The risk register (6.1): each risk with its rating, treatment, owner and the services it
    touches."""
    scope, links = ctx.scope, ctx.links
    if not scope.risks:
        return (doc.nothing(ctx.say("No risks recorded in the scope data.")),)
    affected: dict[str, list[str]] = {}
    for s in scope.services:
        for r in s.risks:
            affected.setdefault(r, []).append(s.id)
    ordered = sorted(scope.risks, key=lambda r: (-(r.likelihood * r.impact), r.id))
    return (
        grid(
            (
                ctx.say("Id"),
                ctx.say("Risk"),
                ctx.say("Rating"),
                ctx.say("Treatment"),
                ctx.say("Owner"),
                ctx.say("Services"),
            ),
            (_risk_row(scope, links, r, affected) for r in ordered),
        ),
    )


def _risk_row(
    scope: Scope, links: Links, r: Risk, affected: Mapping[str, list[str]]
) -> tuple[doc.Inlines, ...]:
    return (
        (doc.Text(r.id),),
        (anchored("risk", r.id, r.title),),
        doc.inlines(
            f"{r.likelihood} × {r.impact} = ", doc.Strong(doc.inlines(f"{r.likelihood * r.impact}"))
        ),
        (doc.Text(r.treatment),),
        linked(scope, links, r.owner),
        linked_all(scope, links, affected.get(r.id, [])),
    )


@macro
def requirements(ctx: Context) -> doc.Blocks:
    """Legal, regulatory and contractual requirements, and the services each applies to."""
    scope, links = ctx.scope, ctx.links
    if not scope.requirements:
        return (
            doc.nothing(
                ctx.say(
                    "No legal, regulatory or contractual requirements recorded in the scope data."
                )
            ),
        )
    out: list[doc.Block] = []
    for kind, _, group in by_kind(scope.requirements, REQUIREMENT_KINDS.items(), lambda r: r.kind):
        out.append(section(ctx, _REQUIREMENTS_OF[kind]))
        out.append(
            grid(
                (ctx.say("Requirement"), ctx.say("Reference"), ctx.say("Applies to")),
                (
                    (
                        (anchored("requirement", r.id, r.title),),
                        value(r.reference),
                        linked_all(scope, links, r.applies_to),
                    )
                    for r in group
                ),
            )
        )
    return tuple(out)


_REQUIREMENTS_OF: Final = {
    "legal": N_("Legal requirements"),
    "regulatory": N_("Regulatory requirements"),
    "contractual": N_("Contractual requirements"),
}
"""The section of the requirements of each kind (``model.REQUIREMENT_KINDS``)."""


@macro
def risk_heatmap(ctx: Context) -> doc.Blocks:
    """Risk heat map: likelihood against impact, a static SVG figure of the risk register
    (nothing where the register is empty: the register says so)."""
    if not ctx.scope.risks:
        return ()
    title = heatmap_title(ctx.scope, ctx.language)
    # The same figure as a picture of its own, where a page cannot hold the drawing.
    figure = doc.Figure(doc.Ref(figure_path(HEATMAP)), doc.inlines(title))
    if ctx.medium != "site":
        return (figure,)

    def entry(ident: str) -> str | None:
        """The risk's entry in the register, where the register is on this page."""
        found = ctx.links.ref("risk", ident, ctx.scope)
        return f"#{found.fragment}" if found and found.page == ctx.links.page else None

    return (doc.Drawing(heatmap_svg(ctx.scope, entry, ctx.language), title, (figure,)),)
