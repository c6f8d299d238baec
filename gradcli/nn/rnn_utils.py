"""``torch.nn.utils.rnn``: padding and packing batches of sequences of
different lengths, and the ``PackedSequence`` the recurrent layers take.

As in PyTorch (``torch/nn/utils/rnn.py`` over ATen's
``PackedSequence.cpp``), each function composes ordinary ops, so values,
gradients and grad_fn names come out as PyTorch's: ``pad_sequence`` copies
each sequence into a slice of a new tensor (``CopySlices``),
``pad_packed_sequence`` copies each run of equal batch sizes back
(``CopySlices``, then ``TransposeBackward0`` with ``batch_first``, then
``IndexSelectBackward0`` when the batch was sorted), and the packing itself
is ATen's one op (``PackPaddedSequenceBackward0``, ``ops/packing.py``).
"""
from __future__ import annotations

import numpy as np

from ..engine import dtypes as D
from ..engine.tensor import Tensor
from ..errors import GradcliError, index_error, runtime_error, type_error, value_error
from ..ops import names
from ..ops.operands import python_format, type_name
from ..ops.packing import check_lengths, pack_padded
from ..ops.shape import getitem
from .objects import ScriptObject, listed

_T, _M = names.TORCH, names.METHODS
FIELDS = ("data", "batch_sizes", "sorted_indices", "unsorted_indices")


def invert_permutation(permutation):
    """The inverse of a permutation (None stays None)."""
    if permutation is None:
        return None
    out = np.empty_like(permutation.data)
    out[permutation.data] = np.arange(permutation.data.size, dtype=out.dtype)
    return Tensor(out)


class PackedSequence(ScriptObject, tuple):
    """PyTorch's named tuple ``(data, batch_sizes, sorted_indices,
    unsorted_indices)``: indexing, unpacking, ``len`` and iteration are a
    tuple's, the fields are attributes."""
    display_name = "PackedSequence"
    class_path = "torch.nn.utils.rnn.PackedSequence"

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise GradcliError("AssertionError", "Expected data to be a list or tuple of length 2")
            data, batch_sizes = data[0], data[1]
        return tuple.__new__(cls, (data, batch_sizes, sorted_indices, unsorted_indices))

    def attribute(self, name):
        if name in FIELDS:
            return self[FIELDS.index(name)]
        if name == "is_cuda":
            return False
        if name == "_fields":
            return FIELDS
        return super().attribute(name)

    def getitem(self, key):
        if not isinstance(key, (int, slice)):
            raise type_error(f"tuple indices must be integers or slices, not {type_name(key)}")
        try:
            return tuple.__getitem__(self, key)
        except IndexError:
            raise index_error("tuple index out of range") from None

    def length(self) -> int:
        return 4

    def items(self) -> list:
        return list(self)

    def text(self) -> str:
        return "PackedSequence(" + ", ".join(f"{n}={python_format(v)}" for n, v in zip(FIELDS, self)) + ")"

    def to(self, *args, **kwargs):
        """The data converted (``Tensor.to``'s arguments); itself when nothing changes."""
        data = _M["to"](self[0], *args, **kwargs)
        if data is self[0]:
            return self
        return PackedSequence(data, self[1], self[2], self[3])


def _dtype_method(dt):
    return lambda self: self.to(dtype=dt)


PackedSequence.methods = {
    "to": PackedSequence.to, "cpu": PackedSequence.to,
    "double": _dtype_method(D.float64), "float": _dtype_method(D.float32), "long": _dtype_method(D.int64),
    "int": _dtype_method(D.int32), "is_pinned": lambda self: False,
    "count": lambda self, value: tuple.count(self, value),
}


def _sequence_list(sequences, fn):
    """The items of a ``sequences`` argument, as ``tuple(sequences)`` makes
    them (a tensor's rows, a string's characters)."""
    if type(sequences) is Tensor:
        if not sequences.data.ndim:
            raise type_error("iteration over a 0-d tensor")
        return list(_M["unbind"](sequences, 0))
    seqs = list(sequences) if isinstance(sequences, str) else listed(sequences)
    if seqs is None:
        raise runtime_error(f"{fn}: Expected iterable for input sequences, but got arg of type: "
                            f"<class '{type_name(sequences)}'>")
    return seqs


def _tensors(seqs):
    """The argument parser's check of a list of tensors."""
    for i, s in enumerate(seqs):
        if type(s) is not Tensor:
            raise type_error(f"expected Tensor as element {i} in argument 0, but got {type_name(s)}")
    return seqs


# ***** padding *****

def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """The sequences (each ``L x *``) stacked along a new batch dimension and
    padded to the longest with ``padding_value``: ``T x B x *`` (``B x T x *``
    with ``batch_first``); ``padding_side='left'`` pads before them."""
    seqs = _tensors(_sequence_list(sequences, "pad_sequence"))
    if not seqs:
        raise runtime_error("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise runtime_error(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    first = seqs[0]
    if first.data.ndim == 0:
        raise runtime_error("ArrayRef: invalid slice, N = 1; size = 0")
    lengths = []
    for s in seqs:
        if s.data.ndim == 0:
            raise index_error("Dimension specified as 0 but tensor has no dimensions")
        lengths.append(s.shape[0])
    longest = max(lengths)
    n = len(seqs)
    dims = (n, longest) if batch_first else (longest, n)
    out = _T["full"](dims + tuple(first.shape[1:]), padding_value, dtype=first.dtype)
    for i, (s, length) in enumerate(zip(seqs, lengths)):
        start = longest - length if padding_side == "left" else 0
        if batch_first:
            part = _M["narrow"](_M["select"](out, 0, i), 0, start, length)
        else:
            part = _M["select"](_M["narrow"](out, 0, start, length), 1, i)
        _M["copy_"](part, s)
    return out


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The padded batch cut back into its sequences (a list of tensors).

    NOTE: as in PyTorch, without ``batch_first`` the padded tensor is
    transposed in place (``transpose_``), so the caller's tensor changes."""
    if not batch_first:
        _M["transpose_"](padded_sequences, 0, 1)
    max_length = padded_sequences.shape[1]
    idx = _T["arange"](max_length)
    rows = list(_M["unbind"](padded_sequences, 0))
    lens = list(_M["unbind"](lengths, 0)) if type(lengths) is Tensor else listed(lengths)
    if len(lens) != len(rows):
        which, relation = (2, "shorter") if len(lens) < len(rows) else (2, "longer")
        raise value_error(f"zip() argument {which} is {relation} than argument 1")
    return [getitem(seq, _T["lt"](idx, length)) for seq, length in zip(rows, lens)]


# ***** packing *****

def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """A padded batch (``T x B x *``, ``B x T x *`` with ``batch_first``)
    packed: the PackedSequence of its first ``lengths[b]`` steps of each
    sequence ``b``. With ``enforce_sorted=False`` the batch is first sorted
    by decreasing length (``sorted_indices``)."""
    if type(lengths) is not Tensor:
        lengths = _T["as_tensor"](lengths, dtype=D.int64)
    else:
        lengths = _M["to"](lengths, dtype=D.int64)
    sorted_indices = None
    if not enforce_sorted:
        lengths, sorted_indices = _T["sort"](lengths, descending=True)
        input = _M["index_select"](input, 0 if batch_first else 1, sorted_indices)
    if type(input) is not Tensor:
        raise type_error(f"_pack_padded_sequence(): argument 'input' (position 1) must be Tensor, not "
                         f"{type_name(input)}")
    data, batch_sizes = pack_padded(input, lengths, bool(batch_first))
    return PackedSequence(data, batch_sizes, sorted_indices, None)


def _pad_packed(data, batch_sizes, batch_first, padding_value, total_length):
    """ATen's ``_pad_packed_sequence``: a tensor full of ``padding_value``,
    each run of equal batch sizes copied into its block."""
    check_lengths(batch_sizes)
    sizes = [int(b) for b in batch_sizes.data]
    max_batch = sizes[0]
    steps = len(sizes)
    if total_length > 0:
        if total_length < steps:
            raise runtime_error("Expected total_length to be at least the length of the longest sequence in input, "
                                f"but got total_length={total_length} and max sequence length being {steps}")
        steps = total_length
    trailing = tuple(data.shape[1:])
    output = _T["full"]((steps, max_batch) + trailing, padding_value, dtype=data.dtype)
    lengths = np.empty(max_batch, dtype=np.int64)
    write = max_batch - 1
    offset, prev_batch, prev_i = 0, max_batch, 0
    for i in range(len(sizes) + 1):
        batch = sizes[i] if i != len(sizes) else 0
        if batch != prev_batch:
            n = prev_batch * (i - prev_i)
            block = _M["view"](_M["narrow"](data, 0, offset, n), (i - prev_i, prev_batch) + trailing)
            _M["copy_"](_M["narrow"](_M["narrow"](output, 0, prev_i, i - prev_i), 1, 0, prev_batch), block)
            offset += n
            prev_i = i
        for _ in range(prev_batch - batch):
            lengths[write] = i
            write -= 1
        prev_batch = batch
    if batch_first:
        output = _M["transpose"](output, 0, 1)
    return output, Tensor(lengths)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """The inverse of ``pack_padded_sequence``: (the padded batch, its lengths),
    in the batch's original order."""
    if not isinstance(sequence, PackedSequence):
        raise GradcliError("AttributeError", f"'{type_name(sequence)}' object has no attribute 'batch_sizes'")
    data, batch_sizes, _, unsorted_indices = sequence
    max_seq_length = batch_sizes.shape[0]
    if total_length is not None:
        if total_length < max_seq_length:
            raise value_error("Expected total_length to be at least the length of the longest sequence in input, "
                              f"but got total_length={total_length} and max sequence length being {max_seq_length}")
        max_seq_length = total_length
    padded, lengths = _pad_packed(data, batch_sizes, bool(batch_first), padding_value, max_seq_length)
    if unsorted_indices is not None:
        return (_M["index_select"](padded, 0 if batch_first else 1, unsorted_indices),
                Tensor(lengths.data[unsorted_indices.data]))
    return padded, lengths


def pack_sequence(sequences, enforce_sorted=True):
    """A list of sequences (each ``L x *``) packed: ``pad_sequence`` then
    ``pack_padded_sequence`` with their lengths."""
    seqs = listed(sequences)
    if seqs is None:
        raise type_error(f"'{type_name(sequences)}' object is not iterable")
    for s in seqs:
        if type(s) is not Tensor:
            raise GradcliError("AttributeError", f"'{type_name(s)}' object has no attribute 'size'")
    lengths = _T["as_tensor"]([s.shape[0] if s.data.ndim else _no_dim() for s in seqs])
    return pack_padded_sequence(pad_sequence(seqs), lengths, enforce_sorted=enforce_sorted)


def _no_dim():
    raise index_error("Dimension specified as 0 but tensor has no dimensions")


def unpack_sequence(packed_sequences):
    """A PackedSequence back into its list of sequences."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


RNN_UTILS = {"pad_sequence": pad_sequence, "unpad_sequence": unpad_sequence,
             "pack_padded_sequence": pack_padded_sequence, "pad_packed_sequence": pad_packed_sequence,
             "pack_sequence": pack_sequence, "unpack_sequence": unpack_sequence,
             "invert_permutation": invert_permutation}
