"""``torch.nn.utils.rnn`` and packed input to the recurrent layers
(gradcli/nn/rnn_utils.py, ops/packing.py, the packed path of
nn/recurrent.py) against PyTorch, bit for bit: batches of random lengths
padded, packed (sorted or not), run through RNN, GRU and LSTM layers
(stacked, bidirectional, with and without initial states), unpacked, and
differentiated; every value, gradient and grad_fn name printed with
``tolist()`` (full precision).

PyTorch's packed LSTM takes ATen's native path on the CPU, so the LSTM
cases compare with PyTorch as it runs; but a batch whose sequences all have
one length goes to oneDNN as a padded batch, whose values gradcli gives as
the native path does (nn/recurrent.py): that case compares its grad_fn
names with PyTorch, and its values with PyTorch's native path."""
from __future__ import annotations

import random

import pytest

from inprocess import gradcli_prints, torch_prints

_HEADER = """import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pack_sequence, pad_packed_sequence, pad_sequence
torch.manual_seed({seed})
"""

_CASE = """lengths = {lengths}
seqs = [torch.randn(n, {features}, requires_grad=True) for n in lengths]
m = nn.{kind}({features}, {hidden}, num_layers={layers}, bidirectional={bidirectional}, batch_first={batch_first})
padded = pad_sequence(seqs, batch_first={batch_first}, padding_side={side!r})
if {side!r} == 'left':
    padded = pad_sequence(seqs, batch_first={batch_first})
packed = pack_padded_sequence(padded, torch.tensor(lengths), batch_first={batch_first},
                              enforce_sorted={enforce_sorted})
print(packed.batch_sizes.tolist(), packed.sorted_indices, packed.data.grad_fn)
states = {states}
if {kind!r} == 'LSTM':
    out, (h, c) = m(packed) if states == 0 else m(packed, (torch.randn(*states), torch.randn(*states)))
    final = h.sum() * 0.5 + c.pow(2).sum()
else:
    out, h = m(packed) if states == 0 else m(packed, torch.randn(*states))
    final = h.pow(2).sum()
y, out_lengths = pad_packed_sequence(out, batch_first={batch_first}, padding_value=0.5,
                                     total_length={total_length})
print(out.data.grad_fn, h.grad_fn, y.grad_fn, out_lengths.tolist())
print(out.data.tolist())
print(h.tolist())
(y.sin().sum() + final).backward()
print([s.grad.tolist() for s in seqs])
for name, p in m.named_parameters():
    print(name, p.grad.tolist())
"""


def _random_case(rng: random.Random) -> str:
    kind = rng.choice(["RNN", "GRU", "LSTM"])
    batch = rng.randint(1, 5)
    lengths = [rng.randint(1, 6) for _ in range(batch)]
    if kind == "LSTM" and len(set(lengths)) == 1:       # (one length: oneDNN's values, see below)
        lengths.append(lengths[0] % 6 + 1)
        batch += 1
    enforce_sorted = rng.random() < 0.3
    if enforce_sorted:
        lengths.sort(reverse=True)
    layers = rng.randint(1, 2)
    bidirectional = rng.random() < 0.5
    hidden = rng.randint(2, 4)
    states = 0 if rng.random() < 0.4 else (layers * (2 if bidirectional else 1), batch, hidden)
    total_length = None if rng.random() < 0.5 else max(lengths) + rng.randint(0, 2)
    return _CASE.format(lengths=lengths, features=rng.randint(1, 3), kind=kind, hidden=hidden, layers=layers,
                        bidirectional=bidirectional, batch_first=rng.random() < 0.5,
                        side=rng.choice(["right", "left"]), enforce_sorted=enforce_sorted, states=states,
                        total_length=total_length)


@pytest.mark.parametrize("seed", range(4))
def test_random_packed_batches_bit_for_bit(tmp_path, seed):
    rng = random.Random(seed)
    source = _HEADER.format(seed=seed) + "".join(_random_case(rng) for _ in range(6))
    assert gradcli_prints(tmp_path, source) == torch_prints(tmp_path, source)


def test_packing_order_and_its_gradient(tmp_path):
    """Packed rows are time-major over the sequences still running; the
    gradient of packing puts each row's gradient back, zeros elsewhere."""
    source = ("import torch\nfrom torch.nn.utils.rnn import pack_padded_sequence\n"
              "x = torch.arange(12.).reshape(3, 4).requires_grad_()\n"
              "p = pack_padded_sequence(x, [3, 1, 1, 1])\n"
              "print(p.data.tolist(), p.batch_sizes.tolist(), p.data.grad_fn)\n"
              "(p.data * torch.arange(1., 7.)).sum().backward()\nprint(x.grad.tolist())\n"
              "q = pack_padded_sequence(x.t(), [2, 3, 1, 2], batch_first=True, enforce_sorted=False)\n"
              "print(q.data.tolist(), q.batch_sizes.tolist(), q.sorted_indices.tolist(), "
              "q.unsorted_indices.tolist())\n")
    assert gradcli_prints(tmp_path, source) == (
        "[0.0, 1.0, 2.0, 3.0, 4.0, 8.0] [4, 1, 1] <PackPaddedSequenceBackward0 object>\n"
        "[[1.0, 2.0, 3.0, 4.0], [5.0, 0.0, 0.0, 0.0], [6.0, 0.0, 0.0, 0.0]]\n"
        "[1.0, 0.0, 3.0, 2.0, 5.0, 4.0, 7.0, 9.0] [4, 3, 1] [1, 0, 3, 2] [1, 0, 3, 2]\n")


_UNIFORM = """import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_sequence
torch.manual_seed(5)
m = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
seqs = [torch.randn(5, 3, requires_grad=True) for _ in range(3)]
out, (h, c) = m(pack_sequence(seqs))
{show}
(out.data.pow(2).sum() + h.sum() + c.sum()).backward()
print([s.grad.tolist() for s in seqs])
print(m.weight_hh_l1_reverse.grad.tolist())
"""


def test_one_length_lstm_batch_is_named_as_onednn(tmp_path):
    names = _UNIFORM.format(show="print(out.data.grad_fn, out.data.grad_fn.next_functions[0][0], h.grad_fn)")
    names = names[:names.index("\n(out.data") + 1]
    assert gradcli_prints(tmp_path, names).splitlines()[-1] == \
        "<ViewBackward0 object> <CatBackward0 object> <StackBackward0 object>"
    assert gradcli_prints(tmp_path, names) == torch_prints(tmp_path, names)


def test_one_length_lstm_batch_values_are_the_native_paths(tmp_path):
    source = _UNIFORM.format(show="print(out.data.tolist(), h.tolist())")
    native = source.replace("import torch\n", "import torch\ntorch.backends.mkldnn.enabled = False\n", 1)
    assert gradcli_prints(tmp_path, source) == torch_prints(tmp_path, native)
