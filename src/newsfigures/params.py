"""Read each notebook's `parameters` cell and check a configuration against it before anything runs."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from newsfigures.extract import CATEGORIES

# Parameters whose values must come from a fixed list; checked with the others.
CHOICES: dict[str, tuple[str, ...]] = {
    "engine": ("local", "dask"),
    "category": tuple(CATEGORIES),
    "categories": tuple(CATEGORIES),
}

# Numeric parameters that only make sense above zero (a size limit, a count, a width, a prior's weight).
POSITIVE: frozenset[str] = frozenset({
    "max_file_mb", "min_quote_words", "kwic_width", "top_lemmas", "top_words", "collocation_min_count", "prior_scale",
})


class ParameterError(ValueError):
    """A parameter that does not fit the notebook; the message lists what would."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback, so a notebook run by hand stops with one line too.
        return [f"ParameterError: {self}"]


@dataclass(frozen=True)
class Parameter:
    """One line of a `parameters` cell: `name: type = default  # help`."""

    name: str
    type_name: str
    default: Any
    help: str


def parameters_cell(notebook_path: Path) -> str:
    """The source of the cell tagged `parameters` in a notebook."""
    notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell["source"]
            return "".join(source) if isinstance(source, list) else source
    raise ParameterError(f"{notebook_path}: no cell tagged 'parameters'; tag the cell that sets the defaults")


def read_parameters(notebook_path: Path) -> dict[str, Parameter]:
    """The typed parameters a notebook declares, in order.

    Only annotated assignments count (`name: str = "x"  # help`), as papermill documents them.
    """
    source = parameters_cell(notebook_path)
    lines = source.splitlines()
    found: dict[str, Parameter] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            tail = lines[node.lineno - 1][node.value.end_col_offset :]
            comment = tail.split("#", 1)[1].strip() if "#" in tail else ""
            found[node.target.id] = Parameter(
                name=node.target.id,
                type_name=ast.unparse(node.annotation),
                default=ast.literal_eval(node.value),
                help=comment,
            )
    return found


def type_fits(type_name: str, value: Any) -> bool:
    """True when `value` may be given to a parameter declared with `type_name`.

    >>> type_fits("float", 3), type_fits("int", 3.5), type_fits("bool", 1), type_fits("list[str]", ["a"])
    (True, False, False, True)
    """
    base = type_name.split("[", 1)[0].strip()
    if base == "bool":
        return isinstance(value, bool)
    if base == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if base == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if base == "str":
        return isinstance(value, str)
    if base == "list":
        inner = type_name[len("list[") : -1] if "[" in type_name else ""
        return isinstance(value, list) and all(type_fits(inner, v) for v in value) if inner else isinstance(value, list)
    if base == "dict":
        return isinstance(value, dict)
    return True


def check_parameters(notebook_path: Path, given: dict[str, Any], where: str) -> None:
    """Raise `ParameterError` (one line) for an unknown name, a wrong type or a value off its list."""
    declared = read_parameters(notebook_path)
    for name, value in given.items():
        if name not in declared:
            raise ParameterError(
                f"{where}: unknown parameter '{name}' for {Path(notebook_path).name}; "
                f"valid: {', '.join(declared) or '(none)'}"
            )
        check_value(name, declared[name].type_name, value, where)


def check_values(namespace: dict[str, Any], where: str = "papermill parameters") -> None:
    """Check, inside a running notebook, the values its parameters ended up with.

    The pipeline checks its configuration before it starts a notebook; a notebook run by hand
    (`papermill notebooks/06-framing.ipynb out.ipynb -p kwic_width wide`) gets the same checks of
    its values from this call in its first cell, `params.check_values(globals())`, so a bad value
    stops there, in one line, instead of deep inside a step. The types are those of the parameters
    cell, which papermill's injected cell (plain assignments) leaves alone. A misspelt name is not
    caught here: papermill itself warns "Passed unknown parameter".

    >>> check_values({"__annotations__": {"kwic_width": int}, "kwic_width": 45})
    >>> check_values({"__annotations__": {"kwic_width": int}, "kwic_width": "wide"})
    Traceback (most recent call last):
    ...
    newsfigures.params.ParameterError: papermill parameters: parameter 'kwic_width' must be int, got str 'wide'
    """
    annotations = namespace.get("__annotations__")
    if annotations is None and callable(namespace.get("__annotate__")):
        annotations = namespace["__annotate__"](1)  # Python 3.14 and later keep the cell's types here (format VALUE)
    for name, annotation in (annotations or {}).items():
        if name in namespace:
            # int's str() is "<class 'int'>", list[str]'s is "list[str]": type_fits reads the spelling of the cell
            type_name = annotation.__name__ if isinstance(annotation, type) else str(annotation)
            check_value(name, type_name, namespace[name], where, hint=_papermill_hint)


def _papermill_hint(name: str, type_name: str, value: Any) -> str:
    """What to type instead, for the mistakes papermill's command line invites."""
    if value is None:
        return f"; None is no {type_name}: give a value"
    if type_name == "bool" and isinstance(value, str) and value.lower() in ("true", "false"):
        return f"; write -p {name} {value.capitalize()}, which papermill reads as a boolean"
    if type_name in ("int", "float") and isinstance(value, str) and re.fullmatch(r"[-+]?\d+(\.\d*)?([eE][-+]?\d+)?", value.strip()):
        return "; pass numbers with -p, not -r, which keeps them text"
    if type_name == "str" and not isinstance(value, str):
        return f"; pass it with -r {name} VALUE, which keeps it text"
    return ""


def check_value(name: str, type_name: str, value: Any, where: str,
                hint: Callable[[str, str, Any], str] = lambda name, type_name, value: "") -> None:
    """Raise `ParameterError` (one line) for a value of the wrong type, an absent path or a value off its list.

    `hint(name, type_name, value)` may add what to do to the message of a wrong type.
    """
    if not type_fits(type_name, value):
        raise ParameterError(
            f"{where}: parameter '{name}' must be {type_name}, got {type(value).__name__} {value!r}{hint(name, type_name, value)}"
        )
    if (name.endswith("_dir") or name.endswith("_file")) and name != "output_dir" and isinstance(value, str):
        from newsfigures.paths import resolve

        path = resolve(value)
        if not path.exists():
            raise ParameterError(f"{where}: parameter '{name}' names {value}, which does not exist; fix the path")
        wanted = "folder" if name.endswith("_dir") else "file"
        if path.is_dir() != (wanted == "folder"):
            raise ParameterError(f"{where}: parameter '{name}' names {value}, which is not a {wanted}; "
                                 f"give the path of a {wanted}")
    if name in POSITIVE and type_fits("float", value) and not value > 0:
        raise ParameterError(f"{where}: parameter '{name}' must be greater than 0, got {value!r}")
    if name in CHOICES:
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v not in CHOICES[name]]
        if bad:
            raise ParameterError(
                f"{where}: parameter '{name}' has unknown value {bad[0]!r}; valid: {', '.join(CHOICES[name])}"
            )
