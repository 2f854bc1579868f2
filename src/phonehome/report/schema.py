"""JSON Schema for the report, derived from the dataclasses in model.py (never written by hand).

The shipped file ``phonehome/schema/report-v1.json`` is this function's output; a test checks
that they agree, and ``phonehome schema`` prints it.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from phonehome.model import Report

SCHEMA_VERSION = 1
SCHEMA_ID = "https://phonehome.invalid/schema/report-v1.json"


def report_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a version-1 report."""
    defs: dict[str, Any] = {}
    root = _dataclass_schema(Report, defs)
    root["properties"]["version"] = {"const": SCHEMA_VERSION, "description": "Report schema version."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "phonehome report",
        **root,
        "$defs": defs,
    }


def _dataclass_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = get_type_hints(cls)
    docs = _attribute_docs(cls)
    props: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        prop = _type_schema(hints[f.name], defs)
        if f.name in docs:
            prop = {**prop, "description": docs[f.name]}
        props[f.name] = prop
    return {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": props,
        "required": [f.name for f in dataclasses.fields(cls)],
        "additionalProperties": False,
    }


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _dataclass_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    if origin in (Union, types.UnionType):
        return {"anyOf": [_type_schema(arg, defs) for arg in get_args(tp)]}
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin in (list, tuple, collections.abc.Sequence):
        args = [a for a in get_args(tp) if a is not Ellipsis]
        return {"type": "array", "items": _type_schema(args[0], defs) if args else {}}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
    if tp in simple:
        return {"type": simple[tp]}
    raise TypeError(f"no JSON schema mapping for {tp!r}")


def _attribute_docs(cls: type) -> dict[str, str]:
    """Read attribute docstrings (the string literal after each field) from the class source."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, nxt in zip(body, body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            docs[node.target.id] = " ".join(nxt.value.value.split())
    return docs


__all__ = ["SCHEMA_VERSION", "report_schema", "typing"]
