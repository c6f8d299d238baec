"""``--format rich`` (the default): panels of values for people at a terminal.

Each printed or displayed tensor is a panel titled with its source, subtitled
with shape, dtype and grad_fn, holding a table of its values; gradients get a
colour scale for sign and magnitude. Numbers use PyTorch's element format.
"""
from __future__ import annotations

import numpy as np

from ..engine.tensor import Tensor
from ..errors import render_error
from .pytext import to_repr, to_str
from .torch_text import format_tensor

MAX_ROWS, MAX_COLS = 12, 10


def _fmt_elements(arr: np.ndarray):
    flat = format_tensor(arr.reshape(-1), arr.dtype.name)
    inner = flat[len("tensor(["):flat.rfind("]")]
    return [s.strip() for s in inner.replace("\n", " ").split(",") if s.strip()]


def _style(v, vmax, is_grad):
    if not is_grad or vmax == 0 or not np.isfinite(v):
        return ""
    level = min(1.0, abs(v) / vmax)
    shade = ["dim", "", "bold"][0 if level < 0.25 else 1 if level < 0.75 else 2]
    return f"{shade} {'red' if v < 0 else 'green'}".strip()


def tensor_table(t: Tensor, is_grad=False):
    from rich.table import Table
    arr = t.data
    if arr.ndim == 0:
        arr2 = arr.reshape(1, 1)
    elif arr.ndim == 1:
        arr2 = arr.reshape(1, -1)
    else:
        arr2 = arr.reshape(-1, arr.shape[-1])
    rows = list(range(min(arr2.shape[0], MAX_ROWS)))
    cols = list(range(min(arr2.shape[1], MAX_COLS)))
    sub = arr2[np.ix_(rows, cols)] if arr2.size else arr2
    if arr.ndim > 2 or sub.size == 0:
        return None
    texts = _fmt_elements(sub) if sub.size else []
    vmax = float(np.nanmax(np.abs(sub[np.isfinite(sub)]))) if is_grad and arr.dtype.kind == "f" and np.isfinite(sub).any() else 0.0
    table = Table(show_header=arr.ndim == 2, header_style="dim", box=None, pad_edge=False)
    if arr.ndim == 2:
        table.add_column("", style="dim", justify="right")
    for j in cols:
        table.add_column(str(j), justify="right")
    if arr2.shape[1] > MAX_COLS:
        table.add_column("…")
    for i in rows:
        cells = []
        for j in cols:
            k = i * len(cols) + j
            v = sub[i, j]
            style = _style(float(v), vmax, is_grad)
            cells.append(f"[{style}]{texts[k]}[/]" if style else texts[k])
        if arr2.shape[1] > MAX_COLS:
            cells.append("…")
        table.add_row(*([str(i)] if arr.ndim == 2 else []) + cells)
    if arr2.shape[0] > MAX_ROWS:
        table.add_row(*(["⋮"] * (len(cols) + (1 if arr.ndim == 2 else 0) + (1 if arr2.shape[1] > MAX_COLS else 0))))
    return table


def subtitle(t: Tensor) -> str:
    parts = [f"shape {list(t.data.shape)}", t.data.dtype.name]
    if t.grad_fn is not None:
        parts.append(f"grad_fn=<{t.grad_fn.name}>")
    elif t.requires_grad:
        parts.append("requires_grad=True")
    return " · ".join(parts)


def tensor_panel(title: str, t: Tensor, is_grad=False):
    from rich.panel import Panel
    from rich.text import Text
    from rich.console import Group
    body = tensor_table(t, is_grad)
    if body is None:
        body = Text(format_tensor(t.data, t.data.dtype.name))
    return Panel(Group(Text(subtitle(t), style="dim"), body), title=f"[bold]{_escape(title)}[/]",
                 title_align="left", expand=False, border_style="green" if is_grad else "blue")


def _escape(s):
    from rich.markup import escape
    return escape(s)


class RichView:
    """Streams a script's events to Rich consoles (stdout, stderr)."""

    def __init__(self, console, err_console, path, source, quiet=False):
        self.c, self.e, self.path, self.source, self.quiet = console, err_console, path, source, quiet

    def __call__(self, ev):
        if ev.kind == "error":
            self.e.print(render_error(ev.error, self.path, self.source), style="red", markup=False, highlight=False,
                         soft_wrap=True)
            return
        if self.quiet:
            return
        if ev.kind == "warning":
            self.e.print(f"{self.path}:{ev.line}: UserWarning: {ev.message}", style="yellow", markup=False,
                         highlight=False, soft_wrap=True)
        elif ev.kind == "display":
            self.show(ev.sources[0] if ev.sources else f"line {ev.line}", ev.values[0], ev.line)
        elif ev.kind == "print":
            tensors = [v for v in ev.values if type(v) is Tensor]
            if len(ev.values) == 1 and tensors:
                title = ev.sources[0] if ev.sources else f"print · line {ev.line}"
                self.show(title, tensors[0], ev.line)
            else:
                self.c.print(ev.sep.join(to_str(v) for v in ev.values), end=ev.end, markup=False, highlight=False)

    def show(self, title, value, line):
        if type(value) is Tensor:
            self.c.print(tensor_panel(title, value))
        else:
            self.c.print(f"{title} = {to_repr(value)}", markup=False, highlight=False, soft_wrap=True)

    def gradients(self, variables: dict):
        leaves = [(k, v) for k, v in variables.items() if type(v) is Tensor and v.requires_grad and v.grad_fn is None]
        if not leaves or self.quiet:
            return
        from rich.table import Table
        from rich.text import Text
        table = Table(title="Gradients", title_justify="left", title_style="bold")
        table.add_column("leaf")
        table.add_column("shape")
        table.add_column(".grad")
        for name, t in leaves:
            g = t._grad
            table.add_row(name, str(list(t.data.shape)),
                          tensor_table(g, True) or Text(format_tensor(g.data, g.data.dtype.name)) if g is not None else "None")
        self.c.print(table)


def show_formula(console, res, wrt=None):
    from rich.table import Table
    from rich.text import Text
    console.print(tensor_panel(res.formula, res.value))
    if res.nodes:
        table = Table(title="Intermediate nodes (d result / d node)", title_justify="left", title_style="bold")
        for col in ("node", "grad_fn", "value", "gradient"):
            table.add_column(col)
        for src, t in res.nodes:
            g = t._grad
            table.add_row(Text(src), t.grad_fn.name if t.grad_fn is not None else "",
                          tensor_table(t) or Text(format_tensor(t.data, t.data.dtype.name)),
                          (tensor_table(g, True) or Text(format_tensor(g.data, g.data.dtype.name))) if g is not None else "None")
        console.print(table)
    for name, t in res.leaves.items():
        if wrt and name not in wrt:
            continue
        g = t._grad
        if g is not None:
            console.print(tensor_panel(f"{name}.grad", g, is_grad=True))
        else:
            console.print(f"{name}.grad = None (the formula does not depend on {name})", markup=False)
