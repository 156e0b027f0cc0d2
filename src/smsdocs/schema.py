"""The scope contract as data: field specs read from the model, and the JSON Schema built from them.

The validator and ``smsdocs schema`` both read the contract from here, so the rules a user's
editor shows and the rules ``smsdocs check`` applies cannot drift apart.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import inspect
import itertools
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from smsdocs import model
from smsdocs.model import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    IdField,
    Length,
    Markdown,
    OneOrMany,
    Pattern,
    Range,
    Ref,
    TargetRef,
)

Shape = Literal["str", "int", "date", "enum", "list", "object"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """What one field of the contract accepts."""

    name: str
    shape: Shape
    required: bool
    default: Any
    choices: tuple[str, ...] = ()
    ref: Ref | None = None
    range: Range | None = None
    length: Length | None = None
    is_id: bool = False
    target: bool = False
    markdown: bool = False
    one_or_many: bool = False
    """A list that may be written as its single item (``model.OneOrMany``)."""
    item: type | None = None
    """For ``object`` fields, the nested dataclass."""
    pattern: str | None = None
    """For text of a fixed form (``model.Pattern``), the expression it matches."""


@cache
def fields_of(cls: type) -> dict[str, FieldSpec]:
    """The field specs of a model dataclass, in declaration order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    specs: dict[str, FieldSpec] = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        specs[f.name] = _spec(f, hints[f.name])
    return specs


def _spec(f: dataclasses.Field[Any], hint: Any) -> FieldSpec:
    meta: list[object] = []
    hint = _strip(hint, meta)
    if _is_optional(hint):
        hint = _strip(next(a for a in typing.get_args(hint) if a is not type(None)), meta)
    if f.default is not dataclasses.MISSING:
        required, default = False, f.default
    elif f.default_factory is not dataclasses.MISSING:
        required, default = False, f.default_factory()
    else:
        required, default = True, None
    common: dict[str, Any] = {
        "name": f.name,
        "required": required,
        "default": default,
        "ref": next((m for m in meta if isinstance(m, Ref)), None),
        "range": next((m for m in meta if isinstance(m, Range)), None),
        "length": next((m for m in meta if isinstance(m, Length)), None),
        "is_id": any(isinstance(m, IdField) for m in meta),
        "target": any(isinstance(m, TargetRef) for m in meta),
        "markdown": any(isinstance(m, Markdown) for m in meta),
        "one_or_many": any(isinstance(m, OneOrMany) for m in meta),
        "pattern": next((m.regex for m in meta if isinstance(m, Pattern)), None),
    }
    origin = typing.get_origin(hint)
    if hint is str:
        return FieldSpec(shape="str", **common)
    if hint is int:
        return FieldSpec(shape="int", **common)
    if hint is dt.date:
        return FieldSpec(shape="date", **common)
    if origin is Literal:
        return FieldSpec(shape="enum", choices=tuple(typing.get_args(hint)), **common)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if dataclasses.is_dataclass(item):
            return FieldSpec(shape="list", item=item, **common)  # type: ignore[arg-type]
        return FieldSpec(shape="list", **common)
    if dataclasses.is_dataclass(hint):
        return FieldSpec(shape="object", item=hint, **common)  # type: ignore[arg-type]
    raise TypeError(f"unsupported annotation for {f.name}: {hint!r}")  # pragma: no cover


def _strip(hint: Any, meta: list[object]) -> Any:
    while typing.get_origin(hint) is typing.Annotated:
        meta.extend(hint.__metadata__)
        hint = hint.__origin__
    return hint


def _is_optional(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in (
        typing.get_args(hint)
    )


# --------------------------------------------------------------------------------------------
# Field documentation: the string literal under each field in model/.


@cache
def docs_of(cls: type) -> dict[str, str]:
    """The docstring written under each field of a model dataclass."""
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0]
    assert isinstance(body, ast.ClassDef)
    docs: dict[str, str] = {}
    statements = body.body
    for stmt, after in itertools.pairwise(statements):
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[stmt.target.id] = inspect.cleandoc(after.value.value)
    return docs


def description_of(cls: type) -> str:
    return inspect.cleandoc(cls.__doc__ or "")


# --------------------------------------------------------------------------------------------
# JSON Schema (draft 2020-12).

SCHEMA_ID = "https://smsdocs.dev/schema/scope.schema.json"


def json_schema() -> dict[str, Any]:
    """A draft 2020-12 JSON Schema of one scope file (any subset of the sections)."""
    defs: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    docs = docs_of(model.Scope)
    for name, spec in fields_of(model.Scope).items():
        assert spec.item is not None
        _define(spec.item, defs)
        ref = {"$ref": f"#/$defs/{spec.item.__name__}"}
        prop: dict[str, Any] = (
            {"type": "array", "items": ref} if spec.shape == "list" else dict(ref)
        )
        prop["description"] = docs.get(name, "")
        properties[name] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "smsdocs scope file",
        "description": (
            "One file under scope/ of an smsdocs project. Each top-level key is a section; "
            "list sections may be split over several files."
        ),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    docs = docs_of(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    defs[cls.__name__] = {}  # reserve the name before recursing
    for name, spec in fields_of(cls).items():
        prop = _property(spec, defs)
        if docs.get(name):
            prop["description"] = docs[name]
        props[name] = prop
        if spec.required:
            required.append(name)
    definition: dict[str, Any] = {
        "type": "object",
        "description": description_of(cls),
        "properties": props,
        "additionalProperties": False,
    }
    if required:
        definition["required"] = required
    defs[cls.__name__] = definition


_ID: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_LENGTH},
        {"type": "integer", "minimum": 0, "maximum": 10**MAX_ID_LENGTH - 1},
    ]
}
"""An id, or a reference to one: text of the id's characters, or a whole number (123)."""
_TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"], "pattern": r"\S"}
"""Text: YAML's numbers and yes/no values are read as written (hours: 24, country: NO)."""
_BLANK: dict[str, Any] = {"type": "string", "pattern": r"^\s*$"}
"""A value left blank, which counts as not given."""


def _property(spec: FieldSpec, defs: dict[str, Any]) -> dict[str, Any]:
    prop: dict[str, Any]
    if spec.shape == "str":
        prop = dict(_ID) if spec.is_id or spec.ref or spec.target else dict(_TEXT)
        if spec.pattern:
            prop = {"type": "string", "pattern": spec.pattern}
    elif spec.shape == "int":
        prop = {"type": "integer"}
        if spec.range:
            prop["minimum"] = spec.range.low
            if spec.range.high is not None:
                prop["maximum"] = spec.range.high
    elif spec.shape == "date":
        prop = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    elif spec.shape == "enum":
        prop = {"enum": list(spec.choices)}
    elif spec.shape == "object":
        assert spec.item is not None
        _define(spec.item, defs)
        prop = {"$ref": f"#/$defs/{spec.item.__name__}"}
    elif spec.item is not None:
        _define(spec.item, defs)
        prop = {"type": "array", "items": {"$ref": f"#/$defs/{spec.item.__name__}"}}
    else:
        items: dict[str, Any] = dict(_ID) if spec.ref else dict(_TEXT)
        prop = {"type": "array", "items": items}
        if spec.length:
            prop["minItems"] = spec.length.low
            if spec.length.high is not None:
                prop["maxItems"] = spec.length.high
        if spec.one_or_many:
            prop = {"anyOf": [dict(items), prop]}
    if not spec.required:
        # An optional field may be left empty (null, or blank unless it is a list) as well as
        # omitted; the default sits beside anyOf so editors still offer it.
        # A list written as its single item may be left blank as that item could.
        blank_ok = spec.shape != "list" or spec.one_or_many
        empty = [{"type": "null"}, dict(_BLANK)] if blank_ok else [{"type": "null"}]
        prop = {"anyOf": [prop, *empty]}
        if spec.default not in (None, ()):
            prop["default"] = spec.default
    return prop
