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
from .rich_grid import LEGEND, natural_width, tensor_grid
from .torch_out import warning_category
from .torch_text import format_tensor

def tensor_table(t: Tensor, is_grad=False, width=None):
    """The values of ``t`` as a grid (render/rich_grid.py), or None."""
    return tensor_grid(t.data, is_grad, width)


def subtitle(t: Tensor) -> str:
    parts = [f"shape {list(t.data.shape)}", t.data.dtype.name]
    name = t.grad_fn_name()
    if name is not None:
        parts.append(f"grad_fn=<{name}>")
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

    def __init__(self, console, err_console, path, source, quiet=False, trace_max=0):
        self.c, self.e, self.path, self.source, self.quiet = console, err_console, path, source, quiet
        self.trace_max, self.passes = trace_max, 0      # --trace-max (0: every pass), passes seen

    def finish(self):
        """After the run: say how many traced passes were not shown."""
        if self.trace_max and self.passes > self.trace_max and not self.quiet:
            from .trace_text import hidden_passes_note
            self.c.print(hidden_passes_note(self.passes - self.trace_max, self.trace_max), style="dim",
                         markup=False, highlight=False, soft_wrap=True)

    def __call__(self, ev):
        if ev.kind == "error":
            self.e.print(render_error(ev.error, self.path, self.source), style="red", markup=False, highlight=False,
                         soft_wrap=True)
            return
        if self.quiet:
            return
        if ev.kind == "warning":
            self.e.print(f"{self.path}:{ev.line}: {warning_category(ev)}: {ev.message}", style="yellow", markup=False,
                         highlight=False, soft_wrap=True)
        elif ev.kind == "backward" and ev.extra.get("steps") is not None:
            self.passes += 1
            if not self.trace_max or self.passes <= self.trace_max:
                self.c.print(trace_table(ev.extra["root"], ev.line, ev.extra["steps"], self.c.width, self.passes))
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
        cells = [(name, t, _values(t._grad, True, None, False)) for name, t in leaves]
        name_w = max(len(name) for name, _, _ in cells)
        shape_w = max(len(str(list(t.data.shape))) for _, t, _ in cells)
        if name_w + shape_w + max(natural_width(g) for _, _, g in cells) + 10 <= self.c.width:
            table = Table(title="Gradients", title_justify="left", title_style="bold")
            for col in ("leaf", "shape", ".grad"):
                table.add_column(col)
            for name, t, g in cells:
                table.add_row(name, str(list(t.data.shape)), g)
            self.c.print(table)
            if any(t._grad is not None and t._grad.data.size > 1 for _, t, _ in cells):
                self.c.print(LEGEND, style="dim", markup=False, highlight=False)
            return
        self.c.print(Text("Gradients", style="bold"))
        for name, t, _ in cells:
            if t._grad is None:
                self.c.print(f"{name}.grad = None", markup=False, highlight=False)
            else:
                self.c.print(tensor_panel(f"{name}.grad", t._grad, is_grad=True, width=self.c.width - 4))


def show_formula(console, res, wrt=None, trace=False):
    console.print(tensor_panel(res.title, res.value, width=console.width - 4))
    if trace and res.trace:
        console.print(trace_table(res.trace[0], None, res.trace[1], console.width))
    if res.nodes:
        _show_nodes(console, res.nodes)
    for name, t in res.leaves.items():
        if wrt and name not in wrt:
            continue
        g = t._grad
        if g is not None:
            console.print(tensor_panel(f"{name}.grad", g, is_grad=True, width=console.width - 4))
        else:
            console.print(f"{name}.grad = None (the formula does not depend on {name})", markup=False)


def _values(t, is_grad, width, legend=True):
    """A tensor's grid, or its PyTorch text when no grid applies (empty)."""
    from rich.text import Text
    if t is None:
        return Text("None")
    return tensor_grid(t.data, is_grad, width, legend) or Text(format_tensor(t.data, t.data.dtype.name))


def _show_nodes(console, nodes):
    """The intermediate nodes: a table when every value fits on one line of
    it, else one panel per node with its value above its gradient, so a
    number is never cut."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text
    title = "Intermediate nodes (d result / d node)"
    src_w = min(30, max(len(src) for src, _ in nodes))
    fn_w = max((len(t.grad_fn.name) for _, t in nodes if t.grad_fn is not None), default=0)
    cells = [(src, t, _values(t, False, None), _values(t._grad, True, None, False)) for src, t in nodes]
    value_w = max(natural_width(v) for _, _, v, _ in cells)
    grad_w = max(natural_width(g) for _, _, _, g in cells)
    if src_w + fn_w + value_w + grad_w + 13 <= console.width:
        table = Table(title=title, title_justify="left", title_style="bold")
        for col in ("node", "grad_fn", "value", "gradient"):
            table.add_column(col)
        for src, t, v, g in cells:
            table.add_row(Text(src), t.grad_fn.name if t.grad_fn is not None else "", v, g)
        console.print(table)
        console.print(LEGEND, style="dim", markup=False, highlight=False)
        return
    console.print(Text(title, style="bold"))
    w = console.width - 4
    for src, t, _, _ in cells:
        body = Group(Text(subtitle(t), style="dim"), Text("value", style="bold"), _values(t, False, w),
                     Text("gradient (d result / d node)", style="bold"), _values(t._grad, True, w))
        console.print(Panel(body, title=f"[bold]{_escape(src)}[/]", title_align="left", expand=False,
                            border_style="blue"))


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


def trace_table(root, line, steps, width=80, number=None):
    """--trace: one row per node in the order backward runs it."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text
    from .trace_text import caption, title
    table = Table(title=title(root, line, steps, number), title_justify="left", title_style="bold")
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
