"""gradcli's benchmark (SPEC §7): gradcli against PyTorch, HIPS autograd and a
hand-written numpy floor, measured in one run, printed as medians and ratios.

    python bench/run.py [--size tiny|full] [--repeat N] [--json PATH] [--only 1,3]

It reports; it does not judge: missed targets still exit 0. The exit code is
1 only when a workload crashes (gradcli or a reference raised). ``--size
tiny`` shrinks every workload so CI can run it in seconds to keep it working.
The workloads themselves are in ``bench/workloads.py``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads as W                                  # noqa: E402

MACHINE_NOTE = "ratios from one run; the machine is shared and noisy"


# ***** formatting *****

def fmt_num(v) -> str:
    if v is None:
        return "-"
    a = abs(v)
    if a >= 100:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.1f}"
    if a >= 0.1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def fmt_value(v, unit) -> str:
    return "-" if v is None else f"{fmt_num(v)} {unit}"


def fmt_target(row: W.Row) -> str:
    if row.target is not None:
        return f"<= {row.target:g}x"
    if row.target_abs is not None:
        return f"<= {row.target_abs:g} {row.unit}"
    return ""


def fmt_result(row: W.Row) -> str:
    met = row.met
    return "" if met is None else ("met" if met else "MISSED")


HEADERS = ("workload", "measure", "gradcli", "reference", "ref value", "ratio", "target", "result",
           "note")
RIGHT = {"gradcli", "ref value", "ratio"}


def table(rows: list) -> str:
    cells = []
    for r in rows:
        if isinstance(r, tuple):                        # (workload, error message)
            cells.append((r[0], "CRASHED (see below)", "", "", "", "", "", "ERROR", ""))
            continue
        ratio = r.ratio
        cells.append((r.workload, r.measure, fmt_value(r.value, r.unit), r.ref_name,
                      fmt_value(r.ref_value, r.unit) if r.ref_name else "",
                      "" if ratio is None else f"{ratio:.2f}x", fmt_target(r), fmt_result(r),
                      r.note))
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h)
              for i, h in enumerate(HEADERS)]

    def line(values):
        parts = [(v.rjust(w) if h in RIGHT else v.ljust(w))
                 for v, w, h in zip(values, widths, HEADERS)]
        return "  ".join(parts).rstrip()

    out = [line(HEADERS), line(["-" * w for w in widths])]
    previous = None
    for c in cells:
        if previous is not None and c[0] != previous:
            out.append("")
        shown = list(c)
        if c[0] == previous:
            shown[0] = ""
        out.append(line(shown))
        previous = c[0]
    return "\n".join(out)


def environment() -> dict:
    import numpy
    env = {"python": platform.python_version(), "numpy": numpy.__version__,
           "platform": f"{platform.system()} {platform.machine()}", "cpus": os.cpu_count()}
    for name in ("torch", "autograd"):
        try:
            from importlib.metadata import version
            env[name] = version(name)
        except Exception:
            env[name] = None
    return env


# ***** main *****

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="gradcli benchmark (SPEC §7)")
    ap.add_argument("--size", choices=("tiny", "full"), default="full",
                    help="tiny: every workload shrunk, for CI (default: full)")
    ap.add_argument("--repeat", type=int, default=None,
                    help="timed runs per measurement, medians reported (default: 5 full, 1 tiny)")
    ap.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    ap.add_argument("--only", metavar="N,N", help="run only these workloads (numbers 1-8)")
    args = ap.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        ap.error("--repeat must be at least 1")

    cfg = W.make_config(args.size, args.repeat)
    selected = W.WORKLOADS
    if args.only:
        wanted = {s.strip() for s in args.only.split(",") if s.strip()}
        selected = [(name, fn) for name, fn in W.WORKLOADS if name.split()[0] in wanted]

    env = environment()
    rows, errors, started = [], [], time.perf_counter()
    for name, fn in selected:
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            rows.extend(fn(cfg))
        except Exception as exc:                     # report, keep going, exit 1 at the end
            detail = (str(exc) if isinstance(exc, W.WorkloadError)
                      else traceback.format_exc().rstrip())
            errors.append((name, detail))
            rows.append((name, detail))
        print(f"[bench] {name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr,
              flush=True)
    total = time.perf_counter() - started

    versions = ", ".join(f"{k} {v}" for k, v in env.items()
                         if k not in ("platform", "cpus") and v is not None)
    missing = [k for k in ("torch", "autograd") if env.get(k) is None]
    print(f"gradcli benchmark  size={cfg.size}  repeat={cfg.repeat} (medians; rows 2, 3, 5, 7, 8: "
          f"{cfg.repeat * W.STEADY_ROUNDS})  "
          f"{env['platform']}, {env['cpus']} CPUs, {versions}")
    if missing:
        print(f"not installed, skipped: {', '.join(missing)}")
    print(f"note: {MACHINE_NOTE}")
    print()
    print(table(rows))
    print()
    measured = [r for r in rows if isinstance(r, W.Row) and r.met is not None]
    print(f"targets met: {sum(r.met for r in measured)}/{len(measured)}   "
          f"crashed workloads: {len(errors)}   total {total:.1f} s")
    for name, detail in errors:
        print(f"\n--- {name} crashed ---\n{detail}")

    if args.json:
        data = {"size": cfg.size, "repeat": cfg.repeat,
                "steady_repeat": cfg.repeat * W.STEADY_ROUNDS,
                "environment": env, "note": MACHINE_NOTE, "seconds": total,
                "rows": [r.as_dict() for r in rows if isinstance(r, W.Row)],
                "errors": [{"workload": n, "error": d} for n, d in errors]}
        write_atomically(Path(args.json), json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return 1 if errors else 0


def write_atomically(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


if __name__ == "__main__":
    sys.exit(main())
