"""``/docs``: the API reference, written on the server from the service's own OpenAPI document.

It replaced Swagger UI (issue 15 item 5: every page meets WCAG 2.1 AA): Swagger UI as packaged
failed the axe-core audit in its own markup and needs JavaScript, while this page is the site's
layout with headings, lists and links, works without JavaScript and loads nothing from another
host. Tools keep reading ``/openapi.json``; this page shows what it says, operation by operation,
and the shapes of the JSON bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

METHODS = ("get", "head", "post", "put", "patch", "delete", "options")


@dataclass(frozen=True)
class Field:
    name: str
    where: str  # path, query, header, body field
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    media_types: tuple[str, ...]
    schema: str | None  # the name of a schema of the document, when the body has one


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Field, ...]
    body: tuple[str, ...]  # the media types a request body may have
    body_schema: str | None
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Group:
    tag: str
    operations: tuple[Operation, ...]

    @property
    def title(self) -> str:
        return _TITLES.get(self.tag, self.tag.capitalize())


_TITLES = {"sparql": "SPARQL", "datasets": "Partner datasets"}


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: str
    groups: tuple[Group, ...]
    schemas: tuple[Schema, ...]


def reference(document: dict[str, Any]) -> Reference:
    """The page's content: operations grouped by their first tag, in the document's order."""
    groups: dict[str, list[Operation]] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                tag = (operation.get("tags") or ["other"])[0]
                groups.setdefault(tag, []).append(_operation(path, method, operation))
    schemas = document.get("components", {}).get("schemas", {})
    info = document.get("info", {})
    return Reference(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        groups=tuple(Group(tag, tuple(ops)) for tag, ops in groups.items()),
        schemas=tuple(_schema(name, schema) for name, schema in sorted(schemas.items())),
    )


def _operation(path: str, method: str, operation: dict[str, Any]) -> Operation:
    body = operation.get("requestBody", {}).get("content", {})
    body_schemas = [_ref_name(c.get("schema")) for c in body.values() if isinstance(c, dict)]
    return Operation(
        anchor=str(operation.get("operationId") or f"{method}-{path}"),
        method=method.upper(),
        path=path,
        summary=str(operation.get("summary", "")),
        description=str(operation.get("description", "")),
        parameters=tuple(
            Field(str(p.get("name")), str(p.get("in")), type_of(p.get("schema")), bool(p.get("required")),
                  str(p.get("description") or p.get("schema", {}).get("description") or ""))
            for p in operation.get("parameters", [])
        ),
        body=tuple(body),
        body_schema=next((name for name in body_schemas if name), None),
        answers=tuple(_answer(status, answer) for status, answer in sorted(operation.get("responses", {}).items())),
    )


def _answer(status: str, answer: dict[str, Any]) -> Answer:
    content = answer.get("content", {})
    names = [_ref_name(c.get("schema")) for c in content.values() if isinstance(c, dict)]
    return Answer(status, str(answer.get("description", "")), tuple(content), next((n for n in names if n), None))


def _schema(name: str, schema: dict[str, Any]) -> Schema:
    required = set(schema.get("required", []))
    fields = tuple(
        Field(field, "body field", type_of(spec), field in required, str(spec.get("description") or ""))
        for field, spec in schema.get("properties", {}).items()
    )
    return Schema(name, str(schema.get("description") or ""), fields)


def _ref_name(schema: Any) -> str | None:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return ref.rsplit("/", 1)[-1]
        if schema.get("type") == "array":
            return _ref_name(schema.get("items"))
    return None


def type_of(schema: Any) -> str:
    """A JSON Schema as a reader says it: 'string', 'integer or null', 'list of Item', 'one of a, b'."""
    if not isinstance(schema, dict):
        return "any"
    name = _ref_name(schema)
    if "$ref" in schema and name:
        return name
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(dict.fromkeys(type_of(s) for s in schema[key]))
    kind = schema.get("type")
    if kind == "array":
        return f"list of {type_of(schema.get('items'))}"
    if kind == "object" and "additionalProperties" in schema:
        return f"object of {type_of(schema['additionalProperties'])}"
    return str(kind) if kind else "any"
