"""The JSON document of SPEC §4.3 (schema version 1): the CI contract."""
from __future__ import annotations

import json
import math

from ..engine.tensor import Tensor
from .pytext import print_text, to_repr


def _num(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if v != v else ("inf" if v > 0 else "-inf")
    return v


def _data(arr):
    """Nested lists with non-finite floats as strings (no recursion: numpy's tolist)."""
    data = arr.tolist()
    if arr.dtype.kind != "f" or bool(((arr == arr) & (abs(arr) != float("inf"))).all()):
        return data
    flat = [_num(v) for v in arr.reshape(-1).tolist()]
    if arr.ndim == 0:
        return flat[0]
    import numpy as np
    out = np.empty(arr.size, dtype=object)
    out[:] = flat
    return out.reshape(arr.shape).tolist()


def tensor_json(t: Tensor, with_grad: bool = True) -> dict:
    g = t._grad if with_grad else None
    name = t.grad_fn_name()
    return {"type": "tensor", "shape": list(t.data.shape), "dtype": t.data.dtype.name,
            "data": _data(t.data), "requires_grad": bool(t.requires_grad), "is_leaf": name is None,
            "grad_fn": name,
            "grad": tensor_json(g, False) if g is not None else None}


def value_json(v):
    if type(v) is Tensor:
        return tensor_json(v)
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return _num(v)
    from ..nn.objects import ScriptObject
    if isinstance(v, ScriptObject):
        return {"type": v.class_path, "repr": to_repr(v)}
    return {"type": type(v).__name__.lower(), "repr": to_repr(v)}


def is_variable(v) -> bool:
    return type(v) is Tensor or (isinstance(v, (int, float)) and not isinstance(v, bool)) or isinstance(v, bool)


def event_json(ev) -> dict | None:
    if "json" in ev.extra:
        return ev.extra["json"]
    if ev.kind == "print":
        return {"kind": "print", "line": ev.line, "text": print_text(ev.values, ev.sep, ev.end),
                "values": [value_json(v) for v in ev.values]}
    if ev.kind == "display":
        return {"kind": "display", "line": ev.line, "text": to_repr(ev.values[0]) + "\n",
                "source": ev.sources[0] if ev.sources else None, "value": value_json(ev.values[0])}
    if ev.kind == "warning":
        return {"kind": "warning", "line": ev.line, "message": ev.message}
    if ev.kind == "assert":
        return {"kind": "assert", "line": ev.line, "source": ev.sources[0], "passed": ev.extra["passed"]}
    if ev.kind == "backward":
        out = {"kind": "backward", "line": ev.line, "root": ev.extra["root"]}
        if ev.extra.get("steps") is not None:
            out["steps"] = trace_json(ev.extra["steps"])
        return out
    if ev.kind == "check":
        results = [{k: _num(v) for k, v in r.items()} for r in ev.extra["results"]]
        return {"kind": ev.kind, "line": ev.line, "api": ev.extra["api"], "passed": ev.extra["passed"],
                "results": results}
    return None


def trace_json(steps) -> list:
    return [{"node": s["node"], "label": s["label"], "grad_output": tensor_json(Tensor(s["grad_output"]), False),
             "grad_inputs": [{"to": to, "grad": tensor_json(Tensor(g), False)} for to, g in s["grad_inputs"]]}
            for s in steps]


def error_json(err) -> dict | None:
    if err is None:
        return None
    s = err.span
    return {"type": err.kind, "message": err.message + (f" (hint: {err.hint})" if err.hint else ""),
            "line": s.line if s else 0, "column": s.column if s else 0,
            "end_line": s.end_line if s else 0, "end_column": s.end_column if s else 0}


def file_json(res) -> dict:
    from ..nn.module import module_parameters
    first_error = next((ev.error for ev in res.events if ev.kind == "error"), None)
    variables = {k: value_json(v) for k, v in res.variables.items() if is_variable(v)}
    # the parameters of the script's modules too, as model.0.weight
    seen = {id(v) for v in res.variables.values() if type(v) is Tensor}
    variables.update((k, tensor_json(p)) for k, p in module_parameters(res.variables, seen) if k not in variables)
    return {"path": res.path, "ok": res.exit_code == 0, "seconds": round(res.seconds, 6),
            "events": [e for e in (event_json(ev) for ev in res.events) if e is not None],
            "variables": variables,
            "result": res.result, "error": error_json(first_error)}


def document(results, exit_code: int) -> str:
    """The one JSON document of a command over its RunResults."""
    files = [file_json(r) for r in results]
    failed = sum(1 for r in results if r.exit_code == 1)
    errors = sum(1 for r in results if r.exit_code >= 2)
    summary = {"files": len(results), "passed": len(results) - failed - errors, "failed": failed,
               "errors": errors, "seconds": round(sum(r.seconds for r in results), 6)}
    return document_of(files, exit_code, summary)


def document_of(files: list, exit_code: int, summary: dict, compact: bool = False) -> str:
    """The document from files already in JSON form (batch runs); ``compact``
    puts it on one line (``--json-lines``)."""
    doc = {"gradcli": 1, "ok": exit_code == 0, "exit_code": exit_code, "files": files, "summary": summary}
    if compact:
        return json.dumps(doc, separators=(",", ":"), allow_nan=False)
    return json.dumps(doc, indent=1, allow_nan=False)


def failure_document(path: str, kind: str, message: str, exit_code: int) -> str:
    """The document of a command that failed before or outside any script
    (a bad option or -a value): one file entry carrying the error."""
    entry = {"path": path, "ok": False, "seconds": 0.0, "events": [], "variables": {}, "result": None,
             "error": {"type": kind, "message": message, "line": 0, "column": 0, "end_line": 0, "end_column": 0}}
    return document_of([entry], exit_code, {"files": 1, "passed": 0, "failed": int(exit_code == 1),
                                            "errors": int(exit_code != 1), "seconds": 0.0})
