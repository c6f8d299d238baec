"""A tensor's values as an aligned grid of text, for the Rich view.

- 0-D and 1-D tensors are one row; 2-D tensors rows × columns with their
  indices; N-D tensors one grid per trailing 2-D slice, titled
  ``[i, j, :, :]``.
- Numbers use PyTorch's element format, decided over every number shown
  (as PyTorch decides it over the whole tensor), and a number is never cut:
  columns that don't fit the width wrap into blocks below each other; a big
  tensor shows its first and last rows, columns or slices, as PyTorch
  summarises, marks the gap with ``⋮``/``…`` and says how many are hidden.
- Gradients get a colour scale readable by colour-blind users: blue for
  positive, orange for negative, brighter for larger magnitudes
  (``LEGEND``).
"""
from __future__ import annotations

import numpy as np

from .torch_text import element_texts

MAX_ROWS = 12          # rows shown before summarising (first and last halves)
MAX_COLS = 16          # columns considered before the width decides
MAX_VALUES = 48        # values of a 1-D tensor shown before summarising
MAX_SLICES = 6         # 2-D slices of an N-D tensor shown before summarising
LEGEND = "blue > 0 · orange < 0 · brighter = larger |value|"
_GAP = -1              # an index list's marker for the hidden middle


def _pick(n: int, keep: int) -> list:
    """Indices shown along an axis of ``n``: all, or the first and last
    halves of ``keep`` around a _GAP."""
    if n <= keep:
        return list(range(n))
    head = (keep + 1) // 2
    return list(range(head)) + [_GAP] + list(range(n - (keep - head), n))


def _texts(blocks: list) -> list:
    """Every element of ``blocks`` formatted together (one PyTorch format)."""
    flat = np.concatenate([b.reshape(-1) for b in blocks]) if blocks else np.zeros(0)
    return element_texts(flat)


def _style(v: float, vmax: float) -> str:
    if vmax == 0 or not np.isfinite(v) or v == 0:
        return ""
    level = min(1.0, abs(v) / vmax)
    shade = "dim " if level < 0.25 else "bold " if level >= 0.75 else ""
    return shade + ("dark_orange" if v < 0 else "dodger_blue1")


def _blocks(texts, rows, cols, labelled, width):
    """The columns in blocks that each fit in ``width`` (one block when they
    all fit): lists of positions into ``cols`` (-1 for the ``…`` of hidden
    columns); the width of each column; the row-label width."""
    label_w = max((len(str(r)) for r in rows if r != _GAP), default=1) if labelled else 0
    widths = []
    for k, c in enumerate(cols):
        w = max((len(row[k]) for row in texts), default=0)
        widths.append(max(w, len(str(c))) if labelled and c != _GAP else w)

    def cost(k, first):
        sep = 0 if first and not labelled else 2
        return sep + (1 if k == -1 else widths[k])

    keep = [k if c != _GAP else -1 for k, c in enumerate(cols)]
    if width is None:
        return [keep], widths, label_w
    blocks, cur, used = [], [], label_w
    for k in keep:
        c = cost(k, not cur)
        if cur and used + c > width:
            blocks.append(cur)
            cur, used = [], label_w
            c = cost(k, True)
        cur.append(k)
        used += c
    blocks.append(cur)
    return blocks, widths, label_w


def _grid_2d(sub_texts, sub_vals, rows, cols, labelled, width, vmax, colour):
    """One 2-D grid as Rich Text: its columns in blocks that fit ``width``
    (each with the column indices when ``labelled``), so no number is cut."""
    from rich.text import Text
    blocks, widths, label_w = _blocks(sub_texts, rows, cols, labelled, width)
    out = Text(no_wrap=True, overflow="ignore")
    for b, keep in enumerate(blocks):
        if b:
            out.append("\n")
        if labelled:
            out.append(" " * label_w)
            for k in keep:
                out.append("  …" if k == -1 else "  " + str(cols[k]).rjust(widths[k]), "dim")
            out.append("\n")
        for i, r in enumerate(rows):
            if r == _GAP:
                out.append(" " * max(label_w - 1, 0) + "⋮", "dim")
            else:
                if labelled:
                    out.append(str(r).rjust(label_w), "dim")
                for pos, k in enumerate(keep):
                    sep = "  " if labelled or pos else ""
                    if k == -1:
                        out.append(sep + "…", "dim")
                        continue
                    style = _style(float(sub_vals[i][k]), vmax) if colour else ""
                    out.append(sep + sub_texts[i][k].rjust(widths[k]), style)
            if i < len(rows) - 1:
                out.append("\n")
    return out


def tensor_grid(arr: np.ndarray, is_grad: bool = False, width: int | None = None, legend: bool = True):
    """The values of ``arr`` as a Rich renderable (see the module doc);
    None for what a grid can't show (an empty tensor). ``legend=False``
    leaves the colour legend to the caller (a table shows it once)."""
    from rich.console import Group
    from rich.text import Text
    if arr.size == 0:
        return None
    nd = arr.ndim
    a3 = arr.reshape((1, 1, -1) if nd < 2 else (-1,) + arr.shape[-2:])
    lead_shape = arr.shape[:-2] if nd > 2 else ()
    slices = _pick(a3.shape[0], MAX_SLICES)
    rows = _pick(a3.shape[1], MAX_ROWS)
    cols = _pick(a3.shape[2], MAX_COLS if nd >= 2 else MAX_VALUES)
    real_rows = [r for r in rows if r != _GAP]
    real_cols = [c for c in cols if c != _GAP]
    blocks = [a3[s][np.ix_(real_rows, real_cols)] for s in slices if s != _GAP]
    texts = _texts(blocks)
    colour = is_grad and arr.dtype.kind == "f"
    vals = np.concatenate([b.reshape(-1) for b in blocks])
    finite = np.isfinite(vals) if colour else None
    vmax = float(np.abs(vals[finite]).max()) if colour and finite.any() else 0.0
    labelled = nd >= 2
    parts, pos = [], 0
    hidden = [0, 0]
    per = len(real_rows) * len(real_cols)
    for s in slices:
        if s == _GAP:
            parts.append(Text(f"⋮ {a3.shape[0] - sum(1 for x in slices if x != _GAP)} more slices", style="dim"))
            continue
        chunk, vchunk = texts[pos:pos + per], vals[pos:pos + per]
        pos += per
        grid_texts, grid_vals, k = [], [], 0
        for r in rows:
            if r == _GAP:
                grid_texts.append(None)
                grid_vals.append(None)
                continue
            row_t, row_v = [], []
            for c in cols:
                if c == _GAP:
                    row_t.append("")
                    row_v.append(0.0)
                else:
                    row_t.append(chunk[k])
                    row_v.append(vchunk[k])
                    k += 1
            grid_texts.append(row_t)
            grid_vals.append(row_v)
        t_rows = [t for t in grid_texts if t is not None]
        v_rows = [v for v in grid_vals if v is not None]
        grid = _grid_2d(_fill_gaps(t_rows, grid_texts), _fill_gaps(v_rows, grid_vals), rows, cols,
                        labelled, width, vmax, colour)
        hidden = [a3.shape[1] - len(real_rows), a3.shape[2] - len(real_cols)]
        if nd > 2:
            index = np.unravel_index(s, lead_shape)
            parts.append(Text("[" + ", ".join(str(int(i)) for i in index) + ", :, :]", style="dim"))
        parts.append(grid)
    notes = []
    if nd >= 2 and hidden[0]:
        notes.append(f"{hidden[0]} of {a3.shape[1]} rows")
    if hidden[1]:
        notes.append(f"{hidden[1]} of {a3.shape[2]} {'columns' if nd >= 2 else 'values'}")
    if notes:
        parts.append(Text("hidden: " + ", ".join(notes), style="dim"))
    if legend and colour and vmax and arr.size > 1:
        parts.append(Text(LEGEND, style="dim"))
    return parts[0] if len(parts) == 1 else Group(*parts)


def _fill_gaps(real: list, with_gaps: list) -> list:
    """Rows for the grid, a _GAP row kept as an empty placeholder."""
    width = len(real[0]) if real else 0
    return [r if r is not None else [""] * width for r in with_gaps]


def natural_width(renderable) -> int:
    """The widest line of a grid (Text or a Group of them)."""
    from rich.text import Text
    items = renderable.renderables if hasattr(renderable, "renderables") else [renderable]
    return max((max((len(line) for line in r.plain.split("\n")), default=0) for r in items if isinstance(r, Text)),
               default=0)
