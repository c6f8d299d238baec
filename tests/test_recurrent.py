"""The recurrent modules (gradcli/nn/recurrent.py) bit for bit against
PyTorch: seeded scripts print every value, gradient and grad_fn name with
``tolist()`` (full precision), run by gradcli and, live, by PyTorch.

``nn.RNN``, ``nn.GRU`` and the cells take ATen's native path in PyTorch as in
gradcli. PyTorch's float32 ``nn.LSTM`` runs through oneDNN, so the LSTM case
compares with PyTorch's native path (``torch.backends.mkldnn`` disabled),
which is what gradcli computes."""
from __future__ import annotations


import pytest

from inprocess import gradcli_prints, run_cli, torch_prints

CASES = {
    "gru_stack": "m = nn.GRU(7, 9, num_layers=2)\nxs = torch.randn(6, 5, 7, requires_grad=True)\nh0 = None",
    "gru_bidirectional_batch_first": ("m = nn.GRU(7, 9, num_layers=2, batch_first=True, bidirectional=True)\n"
                                      "xs = torch.randn(5, 6, 7, requires_grad=True)\nh0 = torch.randn(4, 5, 9)"),
    "gru_no_bias_dropout": ("m = nn.GRU(7, 9, num_layers=3, bias=False, dropout=0.4)\n"
                            "xs = torch.randn(6, 5, 7, requires_grad=True)\nh0 = None"),
    "rnn_relu_bidirectional": ("m = nn.RNN(7, 9, nonlinearity='relu', bidirectional=True)\n"
                               "xs = torch.randn(6, 5, 7, requires_grad=True)\nh0 = None"),
    "rnn_unbatched": "m = nn.RNN(7, 16, num_layers=2)\nxs = torch.randn(6, 7, requires_grad=True)\nh0 = None",
}

_LAYER = """import torch
import torch.nn as nn
torch.manual_seed(7)
{setup}
o, h = m(xs) if h0 is None else m(xs, h0)
(o.pow(2).sum() + h.sum()).backward()
print(o.grad_fn, h.grad_fn)
print(o.tolist())
print(h.tolist())
print(xs.grad.tolist())
for name, p in m.named_parameters():
    print(name, p.grad.tolist())
"""

_LSTM = """import torch
import torch.nn as nn
torch.manual_seed(8)
m = nn.LSTM(7, 9, num_layers=2, batch_first=True, bidirectional=True)
xs = torch.randn(5, 6, 7, requires_grad=True)
o, (h, c) = m(xs)
(o.pow(2).sum() + h.sum() * c.sum()).backward()
print(o.tolist())
print(h.tolist(), c.tolist())
print(xs.grad.tolist())
for name, p in m.named_parameters():
    print(name, p.grad.tolist())
"""

_CELLS = """import torch
import torch.nn as nn
torch.manual_seed(9)
for cell in (nn.RNNCell(7, 9), nn.RNNCell(7, 9, nonlinearity='relu'), nn.LSTMCell(7, 9), nn.GRUCell(7, 9),
             nn.GRUCell(7, 9, bias=False)):
    x = torch.randn(3, 5, 7)
    state = None
    for t in range(3):
        state = cell(x[t]) if state is None else cell(x[t], state)
    out = state[0] * state[1] if isinstance(state, tuple) else state
    out.pow(2).sum().backward()
    print(out.grad_fn, out.tolist())
    for name, p in cell.named_parameters():
        print(name, p.grad.tolist())
"""

# an LSTM with projections: PyTorch takes the native path (and warns once)
_PROJECTION = """import torch
import torch.nn as nn

torch.manual_seed(11)
lstm = nn.LSTM(3, 5, proj_size=2, num_layers=2, batch_first=True)
print(lstm)
for name, p in lstm.named_parameters():
    print(name, tuple(p.shape))
x = torch.randn(2, 4, 3)
out, (h, c) = lstm(x)
print(out.grad_fn, h.grad_fn)
print(out.tolist())
print(h.tolist())
print(c.tolist())
(out.sum() + c.pow(2).sum()).backward()
print(lstm.weight_hr_l1.grad.tolist())
print(lstm.weight_hh_l0.grad.tolist())
out, (h, c) = lstm(x[0], (torch.zeros(2, 2), torch.zeros(2, 5)))
print(out.shape, h.shape, c.shape)
"""


@pytest.mark.parametrize("name", sorted(CASES))
def test_layers_bit_for_bit(tmp_path, name):
    source = _LAYER.format(setup=CASES[name])
    assert gradcli_prints(tmp_path, source) == torch_prints(tmp_path, source)


def test_cells_bit_for_bit(tmp_path):
    assert gradcli_prints(tmp_path, _CELLS) == torch_prints(tmp_path, _CELLS)


def test_lstm_is_the_native_path_bit_for_bit(tmp_path):
    assert gradcli_prints(tmp_path, _LSTM) == torch_prints(tmp_path, _LSTM, native=True)


def test_lstm_projection_bit_for_bit_warning_once(tmp_path):
    path = tmp_path / "case.py"
    path.write_text(_PROJECTION)
    proc = run_cli(["run", str(path), "--format", "torch"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == torch_prints(tmp_path, _PROJECTION)
    assert proc.stderr == (f"{path}:10: UserWarning: LSTM with projections is not supported with oneDNN. Using "
                           "default implementation. (Triggered internally at "
                           "/__w/pytorch/pytorch/aten/src/ATen/native/RNN.cpp:1512.)\n")


def test_lstm_output_is_named_as_onednn_layer(tmp_path):
    source = ("import torch\nimport torch.nn as nn\nm = nn.LSTM(2, 3)\no, (h, c) = m(torch.ones(4, 1, 2))\n"
              "print(o.grad_fn, h.grad_fn, c.grad_fn)\nprint(m.double()(torch.ones(4, 1, 2).double())[0].grad_fn)\n")
    assert gradcli_prints(tmp_path, source) == ("<MkldnnRnnLayerBackward0 object> <StackBackward0 object> "
                                          "<StackBackward0 object>\n<StackBackward0 object>\n")


def test_unsafe_chunk_parts_are_not_views(tmp_path):
    source = ("import torch\nx = torch.arange(6.).reshape(2, 3).requires_grad_()\n"
              "a, b, c = (x * 1).unsafe_chunk(3, 1)\nb.sigmoid_()\nprint(b.grad_fn, a.grad_fn)\n"
              "(a + b + c).sum().backward()\nprint(x.grad)\n")
    assert gradcli_prints(tmp_path, source) == (
        "<SigmoidBackward0 object> <UnsafeSplitBackward0 object>\n"
        "tensor([[1.0000, 0.1966, 1.0000],\n        [1.0000, 0.0177, 1.0000]])\n")
