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


def tensor_table(t: Tensor, is_grad=False, width=None):
    """The values as an aligned grid (a Rich Text): column and row indices
    for 2-D, at most MAX_ROWS rows and as many columns (up to MAX_COLS) as
    fit in ``width``; ``…`` and ``⋮`` mark what is left out. Numbers are
    never cut. None for what a grid can't show (N-D, empty)."""
    from rich.text import Text
    arr = t.data
    if arr.ndim > 2 or arr.size == 0:
        return None
    arr2 = arr.reshape(1, -1) if arr.ndim < 2 else arr
    n_rows, n_cols = min(arr2.shape[0], MAX_ROWS), min(arr2.shape[1], MAX_COLS)
    sub = arr2[:n_rows, :n_cols]
    texts = _fmt_elements(sub)
    is_float = is_grad and arr.dtype.kind == "f"
    finite = np.isfinite(sub) if is_float else None
    vmax = float(np.abs(sub[finite]).max()) if is_float and finite.any() else 0.0
    labelled = arr.ndim == 2
    label_w = len(str(n_rows - 1)) if labelled else 0
    widths = [max(len(texts[i * n_cols + j]) for i in range(n_rows)) for j in range(n_cols)]
    if labelled:
        widths = [max(w, len(str(j))) for j, w in enumerate(widths)]
    if width is not None:
        widths = _fit(widths, label_w, width, n_cols < arr2.shape[1])
    more_cols = len(widths) < arr2.shape[1]
    lines = Text(no_wrap=True, overflow="crop")
    if labelled:
        lines.append(" " * label_w)
        for j, w in enumerate(widths):
            lines.append("  " + str(j).rjust(w), "dim")
        lines.append("\n")
    for i in range(n_rows):
        if labelled:
            lines.append(str(i).rjust(label_w), "dim")
        for j, w in enumerate(widths):
            cell = texts[i * n_cols + j].rjust(w)
            lines.append(("  " if labelled or j else "") + cell, _style(float(sub[i, j]), vmax, is_grad))
        if more_cols:
            lines.append("  …", "dim")
        if i < n_rows - 1:
            lines.append("\n")
    if arr2.shape[0] > MAX_ROWS:
        lines.append("\n" + " " * max(label_w - 1, 0) + "⋮", "dim")
    return lines


def _fit(widths, label_w, width, more):
    """The leading columns that fit in ``width`` (with room for a ``…``
    column when some are left out); at least one."""
    def total(ws, ellipsis):
        return label_w + sum(w + 2 for w in ws) - (0 if label_w else 2) + (3 if ellipsis else 0)
    if not more and total(widths, False) <= width:
        return widths
    n = len(widths)
    while n > 1 and total(widths[:n], True) > width:
        n -= 1
    return widths[:n]


def subtitle(t: Tensor) -> str:
    parts = [f"shape {list(t.data.shape)}", t.data.dtype.name]
    if t.grad_fn is not None:
        parts.append(f"grad_fn=<{t.grad_fn.name}>")
    elif t.requires_grad:
        parts.append("requires_grad=True")
    return " · ".join(parts)


def tensor_panel(title: str, t: Tensor, is_grad=False, width=76):
    from rich.panel import Panel
    from rich.text import Text
    from rich.console import Group
    body = tensor_table(t, is_grad, width)
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
        elif ev.kind == "backward" and ev.extra.get("steps") is not None:
            self.c.print(trace_table(ev.extra["root"], ev.line, ev.extra["steps"], self.c.width))
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
            self.c.print(tensor_panel(title, value, width=self.c.width - 4))
        else:
            self.c.print(f"{title} = {to_repr(value)}", markup=False, highlight=False, soft_wrap=True)

    def gradients(self, variables: dict):
        leaves = [(k, v) for k, v in variables.items() if type(v) is Tensor and v.requires_grad and v.grad_fn is None]
        from ..nn.module import module_parameters
        leaves += [(k, p) for k, p in module_parameters(variables, {id(v) for _, v in leaves}) if p.requires_grad]
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
                          tensor_table(g, True, self.c.width - 30) or Text(format_tensor(g.data, g.data.dtype.name))
                          if g is not None else "None")
        self.c.print(table)


def show_formula(console, res, wrt=None, trace=False):
    from rich.table import Table
    from rich.text import Text
    console.print(tensor_panel(res.title, res.value, width=console.width - 4))
    if trace and res.trace:
        console.print(trace_table(res.trace[0], None, res.trace[1], console.width))
    if res.nodes:
        table = Table(title="Intermediate nodes (d result / d node)", title_justify="left", title_style="bold")
        for col in ("node", "grad_fn", "value", "gradient"):
            table.add_column(col)
        src_w = min(30, max(len(src) for src, _ in res.nodes))
        fn_w = max(len(t.grad_fn.name) for _, t in res.nodes if t.grad_fn is not None)
        w = max(16, (console.width - src_w - fn_w - 13) // 2)
        for src, t in res.nodes:
            g = t._grad
            table.add_row(Text(src), t.grad_fn.name if t.grad_fn is not None else "",
                          tensor_table(t, width=w) or Text(format_tensor(t.data, t.data.dtype.name)),
                          (tensor_table(g, True, w) or Text(format_tensor(g.data, g.data.dtype.name)))
                          if g is not None else "None")
        console.print(table)
    for name, t in res.leaves.items():
        if wrt and name not in wrt:
            continue
        g = t._grad
        if g is not None:
            console.print(tensor_panel(f"{name}.grad", g, is_grad=True, width=console.width - 4))
        else:
            console.print(f"{name}.grad = None (the formula does not depend on {name})", markup=False)


def show_derivative(console, res):
    """A Jacobian or Hessian: each block as a matrix, rows the elements of
    the output (or of the first leaf), columns those of the input, in
    row-major order; the subtitle gives both shapes."""
    from .formula_out import block_title
    console.print(tensor_panel(res.formula, res.value, width=console.width - 4))
    value_shape = list(res.value.data.shape)
    for key, t in res.blocks.items():
        if res.kind == "jacobian":
            (rows_name, rows_shape), (cols_name, cols_shape) = ("value", value_shape), (key, list(res.leaves[key].shape))
        else:
            (rows_name, rows_shape), (cols_name, cols_shape) = ((k, list(res.leaves[k].shape)) for k in key)
        n_rows = int(np.prod(rows_shape)) if rows_shape else 1
        matrix = Tensor(t.data.reshape(n_rows, -1))
        from rich.panel import Panel
        from rich.text import Text
        from rich.console import Group
        info = (f"{res.kind} · {rows_name} {rows_shape} × {cols_name} {cols_shape} · "
                f"a {n_rows}×{matrix.data.shape[1]} matrix, elements in row-major order")
        body = tensor_table(matrix, True, console.width - 4) or Text(format_tensor(t.data, t.data.dtype.name))
        console.print(Panel(Group(Text(info, style="dim"), body), title=f"[bold]{_escape(block_title(res, key))}[/]",
                            title_align="left", expand=False, border_style="green"))


def trace_table(root, line, steps, width=80):
    """--trace: one row per node in the order backward runs it."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text
    from .trace_text import caption
    where = f" at line {line}" if line else ""
    table = Table(title=f"backward(){where}: {len(steps)} steps from {root}", title_justify="left",
                  title_style="bold")
    for col in ("#", "node", "gradient in", "sent to each input"):
        table.add_column(col)
    w = max(16, (width - 40) // 2)
    for i, s in enumerate(steps, 1):
        node = caption(s["node"], s["label"])
        sent = []
        for target, g in s["grad_inputs"]:
            sent += [Text(f"→ {target}", style="dim"), _grid(g, w)]
        if s["node"] == "AccumulateGrad":
            sent.append(Text(f"added to {s['label'] or 'the leaf'}.grad", style="dim"))
        table.add_row(str(i), node, _grid(s["grad_output"], w), Group(*sent))
    return table


def _grid(arr, width):
    from rich.text import Text
    t = Tensor(arr)
    return tensor_table(t, True, width) or Text(format_tensor(arr, arr.dtype.name))
