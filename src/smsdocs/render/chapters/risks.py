"""Risks (6.1) and the legal and other requirements (4.2) that bear on the scope."""

from __future__ import annotations

from collections.abc import Mapping

from smsdocs.model import (
    REQUIREMENT_KINDS,
    Risk,
    Scope,
)
from smsdocs.render import doc
from smsdocs.render.blocks import by_kind
from smsdocs.render.chapters.build import grid, heading, value
from smsdocs.render.charts import HEATMAP, heatmap_svg, heatmap_title
from smsdocs.render.context import Context, macro
from smsdocs.render.links import Links, anchored, figure_path, linked, linked_all


@macro
def risk_register(ctx: Context) -> doc.Blocks:
    """The risk register (6.1): each risk with its rating, treatment, owner and the services it
    touches."""
    scope, links = ctx.scope, ctx.links
    if not scope.risks:
        return (doc.nothing("No risks recorded in the scope data."),)
    affected: dict[str, list[str]] = {}
    for s in scope.services:
        for r in s.risks:
            affected.setdefault(r, []).append(s.id)
    ordered = sorted(scope.risks, key=lambda r: (-(r.likelihood * r.impact), r.id))
    return (
        grid(
            ("Id", "Risk", "Rating", "Treatment", "Owner", "Services"),
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
                "No legal, regulatory or contractual requirements recorded in the scope data."
            ),
        )
    out: list[doc.Block] = []
    for _, title, group in by_kind(scope.requirements, REQUIREMENT_KINDS.items(), lambda r: r.kind):
        out.append(heading(f"{title} requirements"))
        out.append(
            grid(
                ("Requirement", "Reference", "Applies to"),
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


@macro
def risk_heatmap(ctx: Context) -> doc.Blocks:
    """Risk heat map: likelihood against impact, a static SVG figure of the risk register
    (nothing where the register is empty: the register says so)."""
    if not ctx.scope.risks:
        return ()
    title = heatmap_title(ctx.scope)
    # The same figure as a picture of its own, where a page cannot hold the drawing.
    figure = doc.Figure(doc.Ref(figure_path(HEATMAP)), doc.inlines(title))
    if ctx.medium != "site":
        return (figure,)

    def entry(ident: str) -> str | None:
        """The risk's entry in the register, where the register is on this page."""
        found = ctx.links.ref("risk", ident, ctx.scope)
        return f"#{found.fragment}" if found and found.page == ctx.links.page else None

    return (doc.Drawing(heatmap_svg(ctx.scope, entry), title, (figure,)),)
