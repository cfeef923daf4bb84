"""The framework's content files: reading them and checking them, before anything is saved.

``read_content`` reads the YAML files in ``settings.FRAMEWORK_CONTENT_DIR`` (or another
directory), checks every item against ``SPECS`` and the cross-references between files, and
returns ``Content`` with its checksum, or raises ``FrameworkContentError`` listing every
problem by file and item. ``services.framework_content_load`` saves what it returns."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from toolkit.core.data_files import yaml_read

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCALE_VALUES = [1, 2, 3, 4, 5]

# Top-level keys that are not item collections.
META_KEYS = ("version", "source", "agreement_scale")
COLLECTIONS = (
    "relationship_types",
    "strategic_qualities",
    "tool_steps",
    "mapping_axes",
    "spatial_scales",
    "principles",
    "barriers",
    "pressures",
    "practice_examples",
)


class FrameworkContentError(ValueError):
    """The content files are not valid. ``errors`` lists "file: item: problem" messages."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = "\n".join(f"- {e}" for e in errors[:30])
        more = f"\n… and {len(errors) - 30} more" if len(errors) > 30 else ""
        super().__init__(
            f"Framework content is not valid ({len(errors)} problem(s)); nothing loaded:\n"
            f"{shown}{more}"
        )


@dataclass(frozen=True)
class Content:
    """Validated content, ready to load."""

    data: dict[str, Any]
    checksum: str
    files: tuple[str, ...]

    @property
    def version(self) -> str:
        return self.data["version"]

    def elements(self) -> list[dict[str, Any]]:
        return [e for p in self.data["principles"] for e in p["elements"]]


def content_dir() -> Path:
    return Path(settings.FRAMEWORK_CONTENT_DIR)


def _checksum(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


# Field checks: each returns an error message or None.
def _str(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    return None


def _int(value: Any) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return "must be a whole number"
    return None


def _str_list(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a list of non-empty text items"
    return None


def _list(value: Any) -> str | None:
    return None if isinstance(value, list) else "must be a list"


def _dict(value: Any) -> str | None:
    return None if isinstance(value, dict) else "must be a mapping"


def _choice(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


Spec = dict[str, Callable[[Any], str | None]]

# (required fields, optional fields) per collection. "id" is checked separately.
SPECS: dict[str, tuple[Spec, Spec]] = {
    "relationship_types": (
        {"title": _str, "summary": _str, "examples": _str_list, "source_section": _str},
        {"detail": _str},
    ),
    "strategic_qualities": (
        {"title": _str, "summary": _str, "prompt": _str, "source_section": _str},
        {},
    ),
    "tool_steps": (
        {
            "number": _int,
            "title": _str,
            "summary": _str,
            "involves": _str_list,
            "source_section": _str,
        },
        {},
    ),
    "mapping_axes": (
        {
            "title": _str,
            "question": _str,
            "summary": _str,
            "low_label": _str,
            "high_label": _str,
            "scale_points": _list,
            "dont_know": _str,
            "source_section": _str,
        },
        {},
    ),
    "spatial_scales": (
        {"title": _str, "summary": _str, "source_section": _str},
        {"kinds": _list},
    ),
    "principles": (
        {
            "number": _int,
            "title": _str,
            "summary": _str,
            "elements": _list,
            "source_section": _str,
        },
        {"description": _str},
    ),
    "elements": (
        {
            "title": _str,
            "summary": _str,
            "good_looks_like": _str_list,
            "statements": _list,
            "source_section": _str,
        },
        {"description": _str, "quick_check": _str},
    ),
    "barriers": (
        {
            "kind": _choice("common", "policy"),
            "title": _str,
            "summary": _str,
            "source_section": _str,
        },
        {"related_elements": _str_list},
    ),
    "pressures": ({"title": _str, "summary": _str, "source_section": _str}, {}),
    "practice_examples": (
        {
            "kind": _choice("case_study", "example"),
            "title": _str,
            "summary": _str,
            "themes": _dict,
            "source_section": _str,
        },
        {
            "place": _str,
            "context": _str,
            "what_they_did": _str_list,
            "lessons": _str_list,
            "key_figures": _list,
        },
    ),
}
THEME_KEYS = {
    "elements": "elements",
    "barriers": "barriers",
    "relationship_types": "relationship_types",
}


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.errors.append(f"{where}: {problem}")

    def item(
        self, where: str, item: Any, spec: tuple[Spec, Spec], seen: dict[str, str]
    ) -> str | None:
        """Check one item; return its id if it has a usable one."""
        if not isinstance(item, dict):
            self.add(where, "must be a mapping of fields")
            return None
        item_id = item.get("id")
        if not isinstance(item_id, str) or not SLUG_RE.match(item_id):
            self.add(where, "`id` is missing or not a slug (lower-case letters, digits, hyphens)")
            item_id = None
        else:
            where = f"{where} (id {item_id!r})"
            if item_id in seen:
                self.add(where, f"duplicate id (also at {seen[item_id]})")
            else:
                seen[item_id] = where
        required, optional = spec
        for name, check in required.items():
            if name not in item or item[name] is None:
                self.add(where, f"missing field `{name}`")
            elif problem := check(item[name]):
                self.add(where, f"`{name}` {problem}")
        for name, check in optional.items():
            if item.get(name) not in (None, "", []) and (problem := check(item[name])):
                self.add(where, f"`{name}` {problem}")
        unknown = set(item) - set(required) - set(optional) - {"id"}
        if unknown:
            self.add(where, f"unknown field(s) {', '.join(sorted(unknown))}")
        return item_id


def _read_files(directory: Path) -> tuple[dict[str, Any], dict[str, str], list[Path]]:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise FrameworkContentError([f"{directory}: no .yaml content files found"])
    data: dict[str, Any] = {}
    origin: dict[str, str] = {}
    errors: list[str] = []
    for path in files:
        try:
            parsed = yaml_read(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            errors.append(f"{path.name}: not valid YAML: {exc}")
            continue
        if not isinstance(parsed, dict):
            errors.append(f"{path.name}: the top level must be a mapping of collections")
            continue
        for key, value in parsed.items():
            if key not in META_KEYS and key not in COLLECTIONS:
                errors.append(f"{path.name}: unknown top-level key `{key}`")
            elif key in data:
                errors.append(f"{path.name}: `{key}` is also defined in {origin[key]}")
            else:
                data[key] = value
                origin[key] = path.name
    if errors:
        raise FrameworkContentError(errors)
    return data, origin, files


def _validate(data: dict[str, Any], origin: dict[str, str]) -> list[str]:
    c = _Checker()
    first = next(iter(origin.values()), "content")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        c.add(origin.get("version", first), "`version` is missing or empty")
    elif len(version) > 50:
        c.add(origin["version"], "`version` must be at most 50 characters")
    source = data.get("source")
    if not isinstance(source, dict):
        c.add(origin.get("source", first), "`source` is missing")
    else:
        for name in ("title", "publisher", "date"):
            if _str(source.get(name)):
                c.add(origin["source"], f"`source.{name}` is missing or empty")
    scale = data.get("agreement_scale")
    if (
        not isinstance(scale, list)
        or [p.get("value") if isinstance(p, dict) else None for p in scale] != SCALE_VALUES
        or any(_str(p.get("label")) for p in scale)
    ):
        c.add(
            origin.get("agreement_scale", first),
            "`agreement_scale` must list values 1 to 5 in order, each with a label",
        )

    ids: dict[str, set[str]] = {}
    for name in COLLECTIONS:
        file = origin.get(name, first)
        items = data.get(name)
        if not isinstance(items, list) or not items:
            c.add(file, f"`{name}` is missing or empty")
            ids[name] = set()
            continue
        seen: dict[str, str] = {}
        for index, item in enumerate(items):
            where = f"{file}: {name}[{index}]"
            c.item(where, item, SPECS[name], seen)
        ids[name] = set(seen)

    # Elements (nested in principles) and their statements.
    element_seen: dict[str, str] = {}
    statement_seen: dict[str, str] = {}
    for p_index, principle in enumerate(data.get("principles") or []):
        if not isinstance(principle, dict) or not isinstance(principle.get("elements"), list):
            continue
        file = origin["principles"]
        for e_index, element in enumerate(principle["elements"]):
            where = f"{file}: principles[{p_index}].elements[{e_index}]"
            element_id = c.item(where, element, SPECS["elements"], element_seen)
            if element_id:
                where = f"{where} (id {element_id!r})"
            statements = element.get("statements") if isinstance(element, dict) else None
            if not isinstance(statements, list):
                continue
            if len(statements) < 2:
                c.add(where, "needs at least 2 `statements`")
            for s_index, statement in enumerate(statements):
                s_where = f"{where}.statements[{s_index}]"
                c.item(s_where, statement, ({"text": _str}, {}), statement_seen)
    ids["elements"] = set(element_seen)

    for index, axis in enumerate(data.get("mapping_axes") or []):
        points = axis.get("scale_points") if isinstance(axis, dict) else None
        if isinstance(points, list):
            values = [p.get("value") if isinstance(p, dict) else None for p in points]
            if values != SCALE_VALUES or any(
                _str(p.get("label")) or _str(p.get("description")) for p in points
            ):
                c.add(
                    f"{origin['mapping_axes']}: mapping_axes[{index}]",
                    "`scale_points` must be values 1 to 5 in order, each with label and "
                    "description",
                )
    for index, scale_item in enumerate(data.get("spatial_scales") or []):
        kinds = scale_item.get("kinds") if isinstance(scale_item, dict) else None
        for k_index, kind in enumerate(kinds or []):
            where = f"{origin['spatial_scales']}: spatial_scales[{index}].kinds[{k_index}]"
            c.item(where, kind, ({"title": _str, "summary": _str}, {}), {})

    # Cross-references.
    for index, barrier in enumerate(data.get("barriers") or []):
        if isinstance(barrier, dict):
            for ref in barrier.get("related_elements") or []:
                if ref not in ids["elements"]:
                    c.add(
                        f"{origin['barriers']}: barriers[{index}] (id {barrier.get('id')!r})",
                        f"related element {ref!r} does not exist",
                    )
    for index, example in enumerate(data.get("practice_examples") or []):
        if not isinstance(example, dict):
            continue
        file = origin["practice_examples"]
        where = f"{file}: practice_examples[{index}] (id {example.get('id')!r})"
        themes = example.get("themes")
        if isinstance(themes, dict):
            for key, refs in themes.items():
                if key not in THEME_KEYS:
                    c.add(where, f"unknown theme kind `{key}`")
                    continue
                if _list(refs):
                    c.add(where, f"`themes.{key}` must be a list")
                    continue
                for ref in refs:
                    if ref not in ids[THEME_KEYS[key]]:
                        c.add(where, f"theme {key} {ref!r} does not exist")
            if not themes.get("elements"):
                c.add(where, "`themes.elements` must name at least one element")
        if example.get("kind") == "case_study":
            for name in ("context", "what_they_did", "lessons"):
                if not example.get(name):
                    c.add(where, f"a case study needs `{name}`")
    return c.errors


def read_content(directory: Path | None = None) -> Content:
    """Read and validate the content files; raise ``FrameworkContentError`` if invalid."""
    directory = Path(directory) if directory else content_dir()
    data, origin, files = _read_files(directory)
    errors = _validate(data, origin)
    if errors:
        raise FrameworkContentError(errors)
    return Content(data=data, checksum=_checksum(files), files=tuple(p.name for p in files))
