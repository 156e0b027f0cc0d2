"""Reading a tagged PDF as assistive technology and a PDF/UA checker would: the structure tree,
what each page's content belongs to, and what the metadata claims."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

# Operators that put something on the page: text, paths, images and shadings.
PAINTING = frozenset({"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s"})
PAINTING |= {"sh", "BI"}


@dataclass
class Tagged:
    """What a reader of the structure finds in one PDF."""

    problems: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    headings: list[int] = field(default_factory=list)
    """The level of every heading element, in reading order."""
    alts: list[str] = field(default_factory=list)
    """The alternative text of every figure, in reading order (empty where missing)."""
    link_contents: list[str] = field(default_factory=list)
    marked_pages: int = 0
    """Pages whose every painting operator is inside marked content."""
    metadata: dict[str, Any] = field(default_factory=dict)


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _walk(root: Any) -> Iterator[Any]:
    """The structure elements under ``root``, in reading order."""
    stack = list(reversed(_kids(root)))
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or element.get("/Type") in ("/OBJR", "/MCR"):
            continue
        yield element
        stack.extend(reversed(_kids(element)))


def _owns(element: Any, mcid: int, page: Any) -> bool:
    for kid in _kids(element):
        if isinstance(kid, int) and kid == mcid and element.Pg.objgen == page.objgen:
            return True  # the same number may mark content on the next page, by an MCR
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            on = kid.get("/Pg") or element.Pg
            if int(kid.MCID) == mcid and on.objgen == page.objgen:
                return True
    return False


def read(path: Path) -> Tagged:
    found = Tagged()
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            found.problems["no structure tree"] += 1
            return found
        parents = dict(pikepdf.NumberTree(root.ParentTree).items())
        for page in pdf.pages:
            obj = page.obj
            key = obj.get("/StructParents")
            owners = parents.get(int(key)) if key is not None else None
            open_tags: list[str] = []
            unmarked = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "BDC":
                    properties = operands[1]
                    mcid = (
                        properties.get("/MCID")
                        if isinstance(properties, pikepdf.Dictionary)
                        else None
                    )
                    if mcid is not None and (
                        owners is None
                        or int(mcid) >= len(owners)
                        or not _owns(owners[int(mcid)], int(mcid), obj)
                    ):
                        found.problems["content not owned by an element"] += 1
                    open_tags.append(str(operands[0]))
                elif op == "BMC":
                    open_tags.append(str(operands[0]))
                elif op == "EMC":
                    open_tags.pop()
                elif op in PAINTING and not open_tags:
                    unmarked += 1
            if unmarked:
                found.problems["content neither tagged nor an artifact"] += unmarked
            else:
                found.marked_pages += 1
            for annot in obj.get("/Annots", ()):
                if annot.get("/Subtype") == "/Link":
                    found.link_contents.append(str(annot.get("/Contents", "")))
                key = annot.get("/StructParent")
                owner = parents.get(int(key)) if key is not None else None
                if owner is None or not any(
                    isinstance(kid, pikepdf.Dictionary)
                    and kid.get("/Type") == "/OBJR"
                    and kid.Obj.objgen == annot.objgen
                    for kid in _kids(owner)
                ):
                    found.problems["annotation not in the structure"] += 1
        ids = dict(pikepdf.NameTree(root.IDTree).items()) if "/IDTree" in root else {}
        seen_ids: Counter[str] = Counter()
        for element in _walk(root):
            kind = str(element.get("/S"))
            found.kinds[kind] += 1
            if kind[:2] == "/H" and kind[2:].isdigit():
                found.headings.append(int(kind[2:]))
            if kind == "/Figure":
                found.alts.append(str(element.get("/Alt", "")))
            if "/ID" in element:
                seen_ids[str(element.ID)] += 1
            attributes = element.get("/A")
            owners_list = (
                list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
            )
            for owner in owners_list:
                if isinstance(owner, pikepdf.Dictionary) and "/Headers" in owner:
                    for name in owner.Headers:
                        if str(name) not in ids:
                            found.problems["table header not found"] += 1
            if kind == "/Link" and not any(
                isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                for kid in _kids(element)
            ):
                found.problems["link element without its annotation"] += 1
        found.problems["id used twice"] += sum(1 for count in seen_ids.values() if count > 1)
        found.problems["id not in the id tree"] += len(set(seen_ids) - set(ids))
        found.problems += Counter()  # drop the zero counts
        with pdf.open_metadata() as meta:
            found.metadata = {
                "pdfuaid:part": meta.get("pdfuaid:part"),
                "pdfaid:part": meta.get("pdfaid:part"),
                "pdfaid:conformance": meta.get("pdfaid:conformance"),
                "dc:title": meta.get("dc:title"),
                "pages": meta.get("{http://ns.adobe.com/xap/1.0/t/pg/}NPages"),
            }
        found.metadata["marked"] = bool(pdf.Root.get("/MarkInfo", {}).get("/Marked"))
        found.metadata["lang"] = str(pdf.Root.get("/Lang", ""))
        found.metadata["page_count"] = len(pdf.pages)
    return found


Cell = tuple[str, str]
"""A table cell as the structure tree tags it: its role (/TH, /TD) and its scope (/Row,
/Column, /Both, or "" for none)."""


def _scope(element: Any) -> str:
    attributes = element.get("/A")
    owners = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    for owner in owners:
        if isinstance(owner, pikepdf.Dictionary) and owner.get("/O") == "/Table":
            return str(owner.get("/Scope", ""))
    return ""


def tables(path: Path) -> list[list[list[Cell]]]:
    """Every /Table of the structure tree, in reading order: its rows (in its header, body and
    footer, or directly under it), each the list of its cells."""
    found: list[list[list[Cell]]] = []
    with pikepdf.open(path) as pdf:
        for element in _walk(pdf.Root.StructTreeRoot):
            if element.get("/S") != "/Table":
                continue
            rows: list[Any] = []
            for kid in _kids(element):
                kind = kid.get("/S") if isinstance(kid, pikepdf.Dictionary) else None
                if kind == "/TR":
                    rows.append(kid)
                elif kind in ("/THead", "/TBody", "/TFoot"):
                    rows.extend(r for r in _kids(kid) if r.get("/S") == "/TR")
            found.append(
                [
                    [
                        (str(cell.get("/S")), _scope(cell))
                        for cell in _kids(row)
                        if isinstance(cell, pikepdf.Dictionary) and cell.get("/S") in ("/TH", "/TD")
                    ]
                    for row in rows
                ]
            )
    return found


def _marks_content(element: Any) -> bool:
    for kid in _kids(element):
        if isinstance(kid, int) or (
            isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR"
        ):
            return True
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and _marks_content(kid):
            return True
    return False


def empty_headings(path: Path) -> list[str]:
    """The roles of the heading elements that mark no content on a page (PDF/UA-1 7.4)."""
    with pikepdf.open(path) as pdf:
        return [
            str(element.S)
            for element in _walk(pdf.Root.StructTreeRoot)
            if str(element.get("/S"))[:2] == "/H"
            and str(element.get("/S"))[2:].isdigit()
            and not _marks_content(element)
        ]


def table_pages(path: Path) -> set[int]:
    """The pages (numbered from 1) on which some cell of a /Table marks content."""
    pages: set[int] = set()
    with pikepdf.open(path) as pdf:
        number = {page.objgen: index + 1 for index, page in enumerate(pdf.pages)}
        for element in _walk(pdf.Root.StructTreeRoot):
            if element.get("/S") not in ("/TH", "/TD"):
                continue
            for kid in _kids(element):
                if isinstance(kid, int) and "/Pg" in element:
                    pages.add(number[element.Pg.objgen])
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    on = kid.get("/Pg") or element.get("/Pg")
                    if on is not None:
                        pages.add(number[on.objgen])
    return pages
