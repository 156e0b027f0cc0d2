"""The joined PDF's logical structure: the pieces' tag trees made into one.

Typst tags every piece it typesets (PDF/UA and PDF/A-2a need a structure tree: headings,
paragraphs, lists, tables with their header cells, figures with their alt text, links with
the annotations they own). Joining the pieces' pages alone would drop all of it. Here each
piece's tree is grafted under the front's Document element, in page order, with:

* the keys that tie page content and annotations to the tree (``/StructParents``,
  ``/StructParent``) renumbered into one parent tree;
* the ids of table header cells (``/ID``, and the ``/Headers`` of the cells that name them),
  which every piece numbers from one, made unique per piece;
* links the join removes (anchors, places the document does not have) turned into plain
  spans, so no element owns an annotation that is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

_CONTAINERS: Final = frozenset(
    {
        "/Document",
        "/Part",
        "/Art",
        "/Sect",
        "/Div",
        "/BlockQuote",
        "/Caption",
        "/TOC",
        "/TOCI",
        "/Index",
        "/NonStruct",
        "/Private",
        "/Figure",
        "/Formula",
        "/L",
        "/LI",
        "/LBody",
        "/Note",
        "/Terms",
    }
)
"""Elements whose children may hold a table; the walk for header ids goes into these and
into tables only (paragraphs, headings and their inline children never hold one), which keeps
it to a small share of a large tree."""
_TABLE: Final = frozenset({"/Table", "/THead", "/TBody", "/TFoot", "/TR"})
_CELLS: Final = frozenset({"/TH", "/TD"})


def _kids(element: Any, pikepdf: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(root: Any, pikepdf: Any) -> Iterator[Any]:
    """The table cells under ``root``: header cells and data cells, through the containers
    that can hold a table."""
    stack = list(reversed(_kids(root, pikepdf)))
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary):
            continue  # a marked-content id
        kind = element.get("/S")
        if kind in _CELLS:
            yield element
        elif kind in _TABLE or kind in _CONTAINERS:
            stack.extend(reversed(_kids(element, pikepdf)))


class Structure:
    """The structure tree of the joined document, built on the front's as pieces are added."""

    def __init__(self, pdf: Any, pikepdf: Any) -> None:
        self.pdf = pdf
        self.pikepdf = pikepdf
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            raise ValueError("the front has no structure tree")
        self.root = root
        (self.document,) = _kids(root, pikepdf)
        self.children = list(_kids(self.document, pikepdf))
        self.parents: dict[int, Any] = dict(_numbers(root.get("/ParentTree"), pikepdf))
        self.ids: dict[str, Any] = (
            dict(pikepdf.NameTree(root.IDTree).items()) if "/IDTree" in root else {}
        )
        self.next_key = int(root.get("/ParentTreeNextKey", len(self.parents)))
        self.roles = dict(root.get("/RoleMap", pikepdf.Dictionary()).items())

    def add(self, piece: Any, number: int) -> None:
        """Add the pages of ``piece`` (a typeset pikepdf document) to the joined document,
        with its structure: the pages are appended, and its tree follows the trees before."""
        pikepdf = self.pikepdf
        tree = piece.Root.get("/StructTreeRoot")
        offset = self.next_key
        if tree is not None:
            for page in piece.pages:
                obj = page.obj
                if "/StructParents" in obj:
                    obj.StructParents = int(obj.StructParents) + offset
                for annot in obj.get("/Annots", ()):
                    if "/StructParent" in annot:
                        annot.StructParent = int(annot.StructParent) + offset
            prefix = f"P{number}-"
            named: dict[str, Any] = {}
            if "/IDTree" in tree:
                for name, element in pikepdf.NameTree(tree.IDTree).items():
                    renamed = prefix + str(name)
                    element.ID = pikepdf.String(renamed)
                    named[renamed] = element
                for document in _kids(tree, pikepdf):
                    for cell in _elements(document, pikepdf):
                        _rename_headers(cell, prefix, pikepdf)
            parents = list(_numbers(tree.get("/ParentTree"), pikepdf))
            # One copy for all of it, so an element reached from the tree, the parent tree
            # and the id tree is the same object in the joined document.
            bundle = piece.make_indirect(
                pikepdf.Array(
                    [
                        pikepdf.Array(_kids(tree, pikepdf)),
                        pikepdf.Array([value for _, value in parents]),
                        pikepdf.Array(list(named.values())),
                    ]
                )
            )
        self.pdf.pages.extend(piece.pages)
        if tree is None:
            return
        kids, values, elements = self.pdf.copy_foreign(bundle)
        for document in kids:
            for child in _kids(document, pikepdf):
                if isinstance(child, pikepdf.Dictionary):
                    child.P = self.document
                self.children.append(child)
        for (key, _), value in zip(parents, values, strict=True):
            self.parents[key + offset] = value
        self.ids.update(zip(named, elements, strict=True))
        self.next_key = max(self.next_key, offset + int(tree.get("/ParentTreeNextKey", 0)))
        self.roles.update(tree.get("/RoleMap", pikepdf.Dictionary()).items())

    def unlink(self, annot: Any) -> None:
        """``annot`` (a link) is removed from its page: the element that owned it keeps its
        text as a span, and no part of the tree names the annotation any more."""
        pikepdf = self.pikepdf
        key = annot.get("/StructParent")
        if key is None:
            return
        element = self.parents.pop(int(key), None)
        if element is None:
            return
        kept = [
            kid
            for kid in _kids(element, pikepdf)
            if not (isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR")
        ]
        element.K = pikepdf.Array(kept)
        if element.get("/S") == "/Link":
            element.S = pikepdf.Name.Span

    def finish(self) -> None:
        """Write the joined tree into the document."""
        pikepdf = self.pikepdf
        self.document.K = pikepdf.Array(self.children)
        self.root.ParentTree = _tree(
            self.pdf, pikepdf, "/Nums", [(key, self.parents[key]) for key in sorted(self.parents)]
        )
        self.root.ParentTreeNextKey = self.next_key
        if self.ids:
            self.root.IDTree = _tree(
                self.pdf,
                pikepdf,
                "/Names",
                [(pikepdf.String(name), self.ids[name]) for name in sorted(self.ids)],
            )
        self.root.RoleMap = pikepdf.Dictionary(self.roles)


def _rename_headers(cell: Any, prefix: str, pikepdf: Any) -> None:
    attributes = cell.get("/A")
    if attributes is None:
        return
    for owner in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(owner, pikepdf.Dictionary) and "/Headers" in owner:
            owner.Headers = pikepdf.Array(
                [pikepdf.String(prefix + str(name)) for name in owner.Headers]
            )


TREE_LEAF: Final = 512
"""Entries in each leaf of the number and name trees the join writes."""


def _tree(pdf: Any, pikepdf: Any, entries: str, items: list[tuple[Any, Any]]) -> Any:
    """A number tree (``/Nums``) or name tree (``/Names``) of ``items``, sorted by key: one
    level of leaves under a root, built whole (a tree of a large manual's 100,000 entries
    takes seconds when filled one insertion at a time)."""
    if len(items) <= TREE_LEAF:
        return pdf.make_indirect(
            pikepdf.Dictionary({entries: pikepdf.Array([x for item in items for x in item])})
        )
    kids = []
    for start in range(0, len(items), TREE_LEAF):
        leaf = items[start : start + TREE_LEAF]
        kids.append(
            pdf.make_indirect(
                pikepdf.Dictionary(
                    {
                        entries: pikepdf.Array([x for item in leaf for x in item]),
                        "/Limits": pikepdf.Array([leaf[0][0], leaf[-1][0]]),
                    }
                )
            )
        )
    return pdf.make_indirect(pikepdf.Dictionary(Kids=pikepdf.Array(kids)))


def _numbers(tree: Any, pikepdf: Any) -> Iterator[tuple[int, Any]]:
    """The (key, value) pairs of a number tree, in key order."""
    if tree is None:
        return
    yield from pikepdf.NumberTree(tree).items()
