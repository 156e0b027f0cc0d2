"""Risks (6.1) and the legal and other requirements (4.2) that bear on the scope."""

from __future__ import annotations

from collections.abc import Mapping

from smsdocs.model import (
    REQUIREMENT_KINDS,
    Risk,
    Scope,
)
from smsdocs.render.blocks import by_kind, nothing, table
from smsdocs.render.charts import HEATMAP, figure, heatmap_svg, inline_figure
from smsdocs.render.context import Context, macro
from smsdocs.render.links import Links, anchor, link, links_to
from smsdocs.render.text import text


@macro
def risk_register(ctx: Context) -> str:
    """The risk register (6.1): each risk with its rating, treatment, owner and the services it
    touches."""
    scope, links = ctx.scope, ctx.links
    if not scope.risks:
        return nothing("risks")
    affected: dict[str, list[str]] = {}
    for s in scope.services:
        for r in s.risks:
            affected.setdefault(r, []).append(s.id)
    ordered = sorted(scope.risks, key=lambda r: (-(r.likelihood * r.impact), r.id))
    return table(
        ("Id", "Risk", "Rating", "Treatment", "Owner", "Services"),
        (_risk_row(scope, links, r, affected) for r in ordered),
    )


def _risk_row(
    scope: Scope, links: Links, r: Risk, affected: Mapping[str, list[str]]
) -> tuple[str, ...]:
    return (
        text(r.id),
        anchor("risk", r.id, r.title),
        f"{r.likelihood} × {r.impact} = **{r.likelihood * r.impact}**",
        text(r.treatment),
        link(scope, links, r.owner),
        links_to(scope, links, affected.get(r.id, [])),
    )


@macro
def requirements(ctx: Context) -> str:
    """Legal, regulatory and contractual requirements, and the services each applies to."""
    scope, links = ctx.scope, ctx.links
    if not scope.requirements:
        return nothing("legal, regulatory or contractual requirements")
    out: list[str] = []
    for _, title, group in by_kind(scope.requirements, REQUIREMENT_KINDS.items(), lambda r: r.kind):
        out.append(f"### {title} requirements\n")
        out.append(
            table(
                ("Requirement", "Reference", "Applies to"),
                (
                    (
                        anchor("requirement", r.id, r.title),
                        text(r.reference or "—"),
                        links_to(scope, links, r.applies_to),
                    )
                    for r in group
                ),
            )
        )
    return "\n".join(out)


@macro
def risk_heatmap(ctx: Context) -> str:
    """Risk heat map: likelihood against impact, a static SVG figure of the risk register
    (nothing where the register is empty: the register says so)."""
    title = "Risk heat map: likelihood against impact"
    if not ctx.scope.risks:
        return ""
    if ctx.medium != "site":
        return figure(ctx.links, title, HEATMAP)

    def entry(ident: str) -> str | None:
        """The risk's entry in the register, where the register is on this page."""
        target = ctx.links.href("risk", ident, ctx.scope)
        return target if target and target.startswith("#") else None

    return inline_figure(heatmap_svg(ctx.scope, entry), title)
