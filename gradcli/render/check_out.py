"""`gradcli check` reports: a table per file (each checked input: the
largest absolute and relative error against finite differences, where the
worst element is, pass or fail; then the asserts), as Rich or plain text,
and a JUnit XML file for CI systems."""
from __future__ import annotations

from ..errors import headline, render_error


def _checks(res):
    return [ev for ev in res.events if ev.kind == "check"]


def check_rows(res) -> list:
    """One row per (line, api, input): a check inside a loop is one row,
    with how many times it ran and its worst errors over all of them."""
    rows = {}
    for ev in _checks(res):
        for r in ev.extra["results"]:
            key = (ev.line, ev.extra["api"], r["input"], tuple(r["shape"]))
            row = rows.get(key)
            if row is None:
                rows[key] = dict(r, line=ev.line, api=ev.extra["api"], times=1)
                continue
            row["times"] += 1
            row["passed"] = row["passed"] and r["passed"]
            row["skipped"] = row["skipped"] or r["skipped"]
            if r["max_abs_err"] > row["max_abs_err"]:
                row["max_abs_err"], row["worst_index"] = r["max_abs_err"], r["worst_index"]
                row["autograd"], row["numeric"] = r["autograd"], r["numeric"]
            row["max_rel_err"] = max(row["max_rel_err"], r["max_rel_err"])
    return list(rows.values())


def _name(row) -> str:
    return f"{row['api']} d/d{row['input']}" + (f" ({row['times']} times)" if row["times"] > 1 else "")


def _asserts(res):
    return [ev for ev in res.events if ev.kind == "assert"]


def assert_failure(res, ev) -> str:
    """Why an assert failed: the user's message, and the compared values
    (``6.0 == 7.0``) when the test was one comparison."""
    from .pytext import to_repr
    compared = ev.extra.get("compared")
    sides = ""
    if compared is not None:
        left, op, right = compared
        sides = f"{' '.join(to_repr(left).split())} {op} {' '.join(to_repr(right).split())}"
    err = res.error
    user = err.message if err is not None and err.kind == "AssertionError" and err.span is not None \
        and err.span.line == ev.line and not err.message.startswith("assert ") else None
    if user and sides:
        return f"{user} ({sides})"
    return user or sides or "the assertion is false"


def _err(v: float) -> str:
    return f"{v:.2e}" if v == v and v not in (float("inf"),) else str(v)


def _values(row) -> str:
    """A failing gradient's two values at its worst element."""
    return f"autograd {row['autograd']:.6g} vs finite differences {row['numeric']:.6g}"


def _status(row) -> str:
    return "skipped" if row["skipped"] else ("ok" if row["passed"] else "FAILED")


def summary_line(res) -> str:
    checks, asserts = _checks(res), _asserts(res)
    n_rows = sum(len(ev.extra["results"]) for ev in checks)
    bad_rows = sum(1 for ev in checks for r in ev.extra["results"] if not r["passed"])
    bad_asserts = sum(1 for ev in asserts if not ev.extra["passed"])
    verdict = "passed" if res.exit_code == 0 else "FAILED"
    parts = [f"{n_rows} gradient{'s' if n_rows != 1 else ''} checked ({bad_rows} failed)",
             f"{len(asserts)} assert{'s' if len(asserts) != 1 else ''} ({bad_asserts} failed)"]
    if res.error is not None and res.error.kind != "AssertionError":
        parts.append(f"a {res.error.kind} at line {res.error.span.line if res.error.span else '?'}")
    return f"{res.path}: {verdict} — " + ", ".join(parts)


def text_report(res) -> str:
    lines = []
    for r in check_rows(res):
        where = f"{res.path}:{r['line']}: {_name(r)} {r['shape']}"
        if r["skipped"]:
            lines.append(f"{where}: skipped ({r['skipped']})")
        else:
            lines.append(f"{where}: max abs err {_err(r['max_abs_err'])}, max rel err {_err(r['max_rel_err'])}, "
                         f"worst at {tuple(r['worst_index'])}: {_status(r)}"
                         + ("" if r["passed"] else f" ({_values(r)})"))
    for ev in _asserts(res):
        if not ev.extra["passed"]:
            lines.append(f"{res.path}:{ev.line}: assert {ev.sources[0]}: FAILED: {assert_failure(res, ev)}")
    lines.append(summary_line(res))
    return "\n".join(lines) + "\n"


def github_report(res) -> str:
    """A GitHub Actions annotation per failed gradient check and assert."""
    from .github_out import annotation
    out = []
    for r in check_rows(res):
        if not r["passed"] and not r["skipped"]:
            out.append(annotation("error", "GradientCheck", res.path,
                                  f"{_name(r)} {r['shape']}: max abs err {_err(r['max_abs_err'])}, max rel err "
                                  f"{_err(r['max_rel_err'])}, worst at {tuple(r['worst_index'])}: {_values(r)}",
                                  r["line"]))
    for ev in _asserts(res):
        if not ev.extra["passed"]:
            out.append(annotation("error", "AssertionError", res.path,
                                  f"assert {ev.sources[0]}: {assert_failure(res, ev)}", ev.line))
    err = res.error
    if err is not None and err.kind != "AssertionError":
        from .github_out import error_annotation
        out.append(error_annotation(err, res.path))
    return "".join(out)


def first_failure(res):
    """(line, kind, message) of the first thing that failed in a checked
    script: a gradient check, or its error; None when it passed."""
    for r in check_rows(res):
        if not r["passed"] and not r["skipped"]:
            return (r["line"], "GradientCheck", f"{_name(r)} {r['shape']}: {_values(r)} at {tuple(r['worst_index'])}")
    err = res.error
    if err is not None:
        return (err.span.line if err.span else 0, err.kind, err.message)
    return None


def rich_report(res):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text
    table = Table(title=summary_line(res), title_justify="left", title_style="bold")
    for col in ("line", "gradient", "shape", "max abs err", "max rel err", "worst at", "result"):
        table.add_column(col, justify="right" if col in ("line", "max abs err", "max rel err") else "left")
    for r in check_rows(res):
        status = _status(r)
        style = {"ok": "green", "FAILED": "bold red", "skipped": "yellow"}[status]
        table.add_row(str(r["line"]), _name(r), str(r["shape"]),
                      "" if r["skipped"] else _err(r["max_abs_err"]),
                      "" if r["skipped"] else _err(r["max_rel_err"]),
                      "" if r["skipped"] else str(tuple(r["worst_index"])), Text(status, style=style))
    failed = [ev for ev in _asserts(res) if not ev.extra["passed"]]
    bad = [r for r in check_rows(res) if not r["passed"] and not r["skipped"]]
    parts = [table] if table.row_count else [Text(summary_line(res), style="bold")]
    parts += [Text(f"line {r['line']}: {_name(r)} at {tuple(r['worst_index'])}: {_values(r)}", style="red")
              for r in bad]
    parts += [Text(f"line {ev.line}: assert {ev.sources[0]} failed: {assert_failure(res, ev)}", style="red")
              for ev in failed]
    return Group(*parts)


def junit_xml(results, source_of) -> str:
    """One <testsuite> per file; a <testcase> per checked input, per
    assert, and one for the script itself (an error there is <error>)."""
    import xml.etree.ElementTree as ET
    suites = ET.Element("testsuites", name="gradcli check")
    for res in results:
        cases = []
        for r in check_rows(res):
            case = ET.Element("testcase", classname=res.path, name=f"line {r['line']}: {_name(r)}")
            if r["skipped"]:
                ET.SubElement(case, "skipped", message=r["skipped"])
            elif not r["passed"]:
                f = ET.SubElement(case, "failure", message=f"gradient differs from finite differences: max abs "
                                  f"err {_err(r['max_abs_err'])}, max rel err {_err(r['max_rel_err'])}")
                f.text = f"worst element at {tuple(r['worst_index'])} of {r['input']} {r['shape']}: {_values(r)}"
            cases.append(case)
        for ev in _asserts(res):
            case = ET.Element("testcase", classname=res.path, name=f"line {ev.line}: assert {ev.sources[0]}")
            if not ev.extra["passed"]:
                f = ET.SubElement(case, "failure", message=assert_failure(res, ev))
                f.text = render_error(res.error, res.path, source_of(res)) if res.error is not None else ""
            cases.append(case)
        script = ET.Element("testcase", classname=res.path, name="script runs", time=f"{res.seconds:.6f}")
        err = res.error
        if err is not None and err.kind != "AssertionError":
            e = ET.SubElement(script, "error", message=headline(err), type=err.kind)
            e.text = render_error(err, res.path, source_of(res))
        cases.append(script)
        suite = ET.SubElement(suites, "testsuite", name=res.path, tests=str(len(cases)),
                              failures=str(sum(1 for c in cases if c.find("failure") is not None)),
                              errors=str(sum(1 for c in cases if c.find("error") is not None)),
                              skipped=str(sum(1 for c in cases if c.find("skipped") is not None)),
                              time=f"{res.seconds:.6f}")
        suite.extend(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
