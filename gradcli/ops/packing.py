"""ATen's ``_pack_padded_sequence``: the rows of a padded batch, time step
after time step, each step holding the sequences still running at it
(``torch.nn.utils.rnn.pack_padded_sequence`` calls it; the rest of that
module composes ordinary ops, see ``nn/rnn_utils.py``).

The packed rows are one gather from the padded input, so the gradient is
one scatter back into zeros (``_pack_padded_sequence_backward``): a copy,
exact, grad_fn ``PackPaddedSequenceBackward0``.
"""
from __future__ import annotations

import numpy as np

from ..engine.tensor import Tensor
from ..errors import runtime_error
from .oprow import KEEP, row
from .operands import existing_dim


def check_lengths(lengths: Tensor):
    """ATen's ``checkLongTensor``."""
    a = lengths.data
    if a.ndim != 1 or a.dtype != np.int64:
        kind = {"int64": "Long", "int32": "Int", "float32": "Float", "float64": "Double", "bool": "Bool",
                "int16": "Short", "int8": "Char", "uint8": "Byte", "float16": "Half"}.get(a.dtype.name, a.dtype.name)
        raise runtime_error(f"'lengths' argument should be a 1D CPU int64 tensor, but got {a.ndim}D cpu {kind} "
                            "tensor")


def packed_positions(lengths, steps: int, batch_first: bool):
    """(the index of the packed rows into the padded input, batch_sizes):
    ATen's loop over the lengths from the shortest, one block of time steps
    (``input[prev_l:l, :batch]``, clipped at the input's ``steps``) each
    time the length grows, the blocks joined in time order."""
    batch = len(lengths)
    sizes = np.empty(int(lengths[0]), dtype=np.int64)
    times, rows = [], []
    prev, filled = 0, 0
    for i in range(batch):
        length = int(lengths[batch - 1 - i])
        if length > prev:
            current = batch - i
            t = np.arange(prev, min(length, steps), dtype=np.int64)
            times.append(np.repeat(t, current))
            rows.append(np.tile(np.arange(current, dtype=np.int64), len(t)))
            sizes[filled:filled + length - prev] = current
            filled += length - prev
            prev = length
    t = np.concatenate(times) if times else np.zeros(0, np.int64)
    b = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    return ((b, t) if batch_first else (t, b)), sizes


def pack_padded(input: Tensor, lengths: Tensor, batch_first: bool):
    """``_VF._pack_padded_sequence(input, lengths, batch_first)``: (data, batch_sizes)."""
    if batch_first:
        existing_dim(1, input.data.ndim)        # input.transpose(0, 1)
    check_lengths(lengths)
    existing_dim(1, input.data.ndim)            # input.size(1)
    batch = input.shape[0 if batch_first else 1]
    lens = lengths.data
    if input.data.size == 0:
        raise runtime_error("Cannot pack empty tensors.")
    if len(lens) != batch:
        raise runtime_error(f"Expected `len(lengths)` to be equal to batch_size, but got {len(lens)} "
                            f"(batch_size={batch})")
    if lens[batch - 1] <= 0:
        raise runtime_error("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                            "that is <= 0")
    if np.any(lens[1:] > lens[:-1]):
        raise runtime_error("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
                            "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to "
                            "sidestep this requirement if you do not need ONNX exportability.")
    steps = input.shape[1 if batch_first else 0]
    key, sizes = packed_positions(lens, steps, batch_first)
    data = _PACK.apply((input,), {"key": key}, np.ascontiguousarray(input.data[key]))
    return data, Tensor(sizes)


_PACK = row("_pack_padded_sequence", "PackPaddedSequenceBackward0", lambda a, key: a[key],
            {"input": lambda m, g, out, a, key: m.embed(g, a.shape, key)},
            dtype=KEEP, via="torch.nn.utils.rnn.pack_padded_sequence")
