"""Recurrent modules: the cells ``nn.RNNCell``, ``nn.LSTMCell`` and
``nn.GRUCell``, and the layers ``nn.RNN``, ``nn.LSTM`` and ``nn.GRU``.

Their checks, parameters (names, shapes, order), initialisation and reprs
are PyTorch's (``torch/nn/modules/rnn.py``). Each forward composes the ops
of ATen's native CPU path (``aten/src/ATen/native/RNN.cpp``): per step
``linear_hh(h).add_(linear_ih(x))``, ``unsafe_chunk`` into gates, the
in-place nonlinearities; a layer computes ``linear_ih`` of the whole
sequence at once, steps through it and stacks the outputs; the final
hidden states are stacked over layers. So values, gradients and grad_fn
names are those of PyTorch's composite ops. A layer given a
``PackedSequence`` runs ATen's ``PackedLayer``/``ReversedPackedLayer``: a
cell per time step on that step's rows of the packed data, the batch
shrinking (or, backwards, growing) with ``batch_sizes``.

NOTE: on the CPU PyTorch runs ``nn.LSTM`` for float32 through oneDNN
(``mkldnn_rnn_layer``, grad_fn ``MkldnnRnnLayerBackward0`` on the output),
whose gemm order and gate functions differ from the native path by an ulp
or so (its sigmoid and tanh are oneDNN's own: even a first step from a
zero state differs in about half the elements). gradcli computes the native
path, which PyTorch runs with ``torch.backends.mkldnn`` disabled, and gives
each layer's stacked output oneDNN's node name, so printed grad_fns agree.
``nn.RNN``, ``nn.GRU``, the cells, float64 and an LSTM with ``proj_size``
take the native path in PyTorch too.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from ..engine import dtypes as D
from ..engine.autograd import GRAD_MODE, record
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error, type_error, value_error
from ..ops import names, nn_init
from ..ops.operands import existing_dim, type_name
from ..ops.oprow import Op
from ..ops.table import variadic_op
from .layers import _check_size, _float_dtype, functional
from .module import Module, register_parameter
from .rnn_utils import PackedSequence

_T, _M = names.TORCH, names.METHODS
PROJECTION_WARNING = ("LSTM with projections is not supported with oneDNN. Using default implementation. (Triggered "
                      "internally at /__w/pytorch/pytorch/aten/src/ATen/native/RNN.cpp:1512.)")
_ONEDNN_LAYER: dict = {}


def _onednn_layer(n: int) -> Op:
    """The stack of an LSTM layer's n step outputs, under the name of
    PyTorch's oneDNN layer node."""
    op = _ONEDNN_LAYER[n] = Op("stack", "MkldnnRnnLayerBackward0", variadic_op("stack", n).forward,
                               variadic_op("stack", n).grads)
    return op


def _empty(shape, dt) -> Tensor:
    _check_size(shape)
    return Tensor(np.empty(shape, dtype=dt.np), True)


def _dim(t) -> int:
    if type(t) is not Tensor:
        raise GradcliError("AttributeError", f"'{type_name(t)}' object has no attribute 'dim'")
    return t.data.ndim


class _Recurrent(Module):
    """What cells and layers share: their weights and their initialisation."""
    num_chunks = 1

    def register_weights(self, suffix, width, bias, dt, none_bias, proj=0):
        """``weight_ih``, ``weight_hh`` (and the biases, and an LSTM's
        projection ``weight_hr``) of one cell, named with ``suffix``."""
        hidden = self.config["hidden_size"]
        gates = self.num_chunks * hidden
        register_parameter(self, f"weight_ih{suffix}", _empty((gates, width), dt))
        register_parameter(self, f"weight_hh{suffix}", _empty((gates, proj or hidden), dt))
        if bias or none_bias:
            register_parameter(self, f"bias_ih{suffix}", _empty((gates,), dt) if bias else None)
            register_parameter(self, f"bias_hh{suffix}", _empty((gates,), dt) if bias else None)
        if proj:
            register_parameter(self, f"weight_hr{suffix}", _empty((proj, hidden), dt))

    def reset_parameters(self):
        """Every parameter uniform in ±1/sqrt(hidden_size), drawn in ``parameters()`` order."""
        hidden = self.config["hidden_size"]
        stdv = 1.0 / math.sqrt(hidden) if hidden > 0 else 0
        for p in self.parameters_.values():
            if p is not None:
                nn_init.uniform_(p, -stdv, stdv)


# ***** the cells of RNN.cpp (input (batch, in), hidden (batch, hidden)) *****

def _linear(x, w, b):
    return functional("linear")(x, w, b)


def _simple_cell(x, h, w, precomputed, nonlinearity):
    """SimpleCell: ``nonlinearity(linear_hh(h).add_(linear_ih(x)))``."""
    w_ih, w_hh, b_ih, b_hh = w
    gates = _M["add_"](_linear(h, w_hh, b_hh), x if precomputed else _linear(x, w_ih, b_ih))
    return _T["relu"](gates) if nonlinearity == "relu" else _T["tanh"](gates)


def _lstm_cell(x, hc, w, precomputed):
    """LSTMCell: gates ``linear_hh(h).add_(linear_ih(x))`` in four chunks."""
    w_ih, w_hh, b_ih, b_hh = w[:4]
    h, c = hc
    gates = _M["add_"](_linear(h, w_hh, b_hh), x if precomputed else _linear(x, w_ih, b_ih))
    i, f, g, o = _T["unsafe_chunk"](gates, 4, 1)
    i, f, g, o = _M["sigmoid_"](i), _M["sigmoid_"](f), _M["tanh_"](g), _M["sigmoid_"](o)
    cy = _M["add_"](_T["mul"](f, c), _T["mul"](i, g))
    hy = _T["mul"](o, _T["tanh"](cy))
    if len(w) > 4:                  # the projection: matmul_hr
        hy = _T["matmul"](hy, _M["t"](w[4]))
    return hy, cy


def _gru_cell(x, h, w, precomputed):
    """GRUCell: reset and update gates, then ``(h - n).mul_(z).add_(n)``."""
    w_ih, w_hh, b_ih, b_hh = w
    ig = _T["unsafe_chunk"](x if precomputed else _linear(x, w_ih, b_ih), 3, 1)
    hg = _T["unsafe_chunk"](_linear(h, w_hh, b_hh), 3, 1)
    r = _M["sigmoid_"](_M["add_"](hg[0], ig[0]))
    z = _M["sigmoid_"](_M["add_"](hg[1], ig[1]))
    n = _M["tanh_"](_T["add"](ig[2], _M["mul_"](hg[2], r)))
    return _M["add_"](_M["mul_"](_T["sub"](h, n), z), n)


# ***** cells *****

class _CellBase(_Recurrent):
    kind = ""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__()
        dt = _float_dtype(dtype)
        self.config.update(input_size=input_size, hidden_size=hidden_size, bias=bias)
        self.register_weights("", input_size, bias, dt, True)
        self.reset_parameters()

    def extra_repr(self):
        c = self.config
        s = f"{c['input_size']}, {c['hidden_size']}"
        if c["bias"] is not True:
            s += f", bias={c['bias']}"
        if c.get("nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={c['nonlinearity']}"
        return s

    def _weights(self):
        p = self.parameters_
        return p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"]

    def _check(self, input, hiddens):
        """The checks of ATen's ``*_cell`` (``check_rnn_cell_forward_*``)."""
        c = self.config
        if input.shape[1] != c["input_size"]:
            raise runtime_error(f"input has inconsistent input_size: got {input.shape[1]} expected "
                                f"{c['input_size']}")
        for label, h in enumerate(hiddens):
            if input.shape[0] != h.shape[0]:
                raise runtime_error(f"Input batch size {input.shape[0]} doesn't match hidden{label} batch size "
                                    f"{h.shape[0]}")
            if h.shape[1] != c["hidden_size"]:
                raise runtime_error(f"hidden{label} has inconsistent hidden_size: got {h.shape[1]}, expected "
                                    f"{c['hidden_size']}")

    def _zeros(self, input):
        return _T["zeros"](input.shape[0], self.config["hidden_size"], dtype=input.dtype)


class _OneStateCell(_CellBase):
    """RNNCell and GRUCell: one hidden state."""

    def forward(self, input, hx=None):
        kind = self.kind
        if _dim(input) not in (1, 2):
            raise value_error(f"{kind}: Expected input to be 1D or 2D, got {_dim(input)}D instead")
        if hx is not None and _dim(hx) not in (1, 2):
            raise value_error(f"{kind}: Expected hidden to be 1D or 2D, got {_dim(hx)}D instead")
        batched = input.data.ndim == 2
        if not batched:
            input = _M["unsqueeze"](input, 0)
        if hx is None:
            hx = self._zeros(input)
        elif not batched:
            hx = _M["unsqueeze"](hx, 0)
        self._check(input, (hx,))
        ret = self.step(input, hx, self._weights(), False)
        return ret if batched else _M["squeeze"](ret, 0)


class RNNCell(_OneStateCell):
    display_name = "RNNCell"
    class_path = "torch.nn.modules.rnn.RNNCell"
    kind = "RNNCell"

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, device, dtype)
        self.config["nonlinearity"] = nonlinearity

    def step(self, x, h, w, precomputed):
        nonlinearity = self.config["nonlinearity"]
        if nonlinearity not in ("tanh", "relu"):
            raise runtime_error(f"Unknown nonlinearity: {nonlinearity}")
        return _simple_cell(x, h, w, precomputed, nonlinearity)


class GRUCell(_OneStateCell):
    display_name = "GRUCell"
    class_path = "torch.nn.modules.rnn.GRUCell"
    kind = "GRUCell"
    num_chunks = 3

    step = staticmethod(_gru_cell)


class LSTMCell(_CellBase):
    display_name = "LSTMCell"
    class_path = "torch.nn.modules.rnn.LSTMCell"
    num_chunks = 4

    def forward(self, input, hx=None):
        if _dim(input) not in (1, 2):
            raise value_error(f"LSTMCell: Expected input to be 1D or 2D, got {_dim(input)}D instead")
        if hx is not None:
            for idx, value in enumerate(hx):
                if _dim(value) not in (1, 2):
                    raise value_error(f"LSTMCell: Expected hx[{idx}] to be 1D or 2D, got {_dim(value)}D instead")
        batched = input.data.ndim == 2
        if not batched:
            input = _M["unsqueeze"](input, 0)
        if hx is None:
            zeros = self._zeros(input)
            hx = (zeros, zeros)
        elif not batched:
            hx = (_M["unsqueeze"](hx[0], 0), _M["unsqueeze"](hx[1], 0))
        self._check(input, tuple(hx))
        hy, cy = _lstm_cell(input, tuple(hx), self._weights(), False)
        return (hy, cy) if batched else (_M["squeeze"](hy, 0), _M["squeeze"](cy, 0))


# ***** layers *****

def _hidden_slice(hidden, start, stop):
    """Rows ``start:stop`` of a hidden state (both of an LSTM's)."""
    if isinstance(hidden, tuple):
        return tuple(_M["narrow"](h, 0, start, stop - start) for h in hidden)
    return _M["narrow"](hidden, 0, start, stop - start)


def _hidden_concat(hiddens):
    if isinstance(hiddens[0], tuple):
        return tuple(_T["cat"]([h[k] for h in hiddens], 0) for k in range(len(hiddens[0])))
    return _T["cat"](hiddens, 0)


def _permute(hx, permutation):
    """A hidden state's batch put in ``permutation``'s order (``index_select`` on dim 1)."""
    return hx if permutation is None else _M["index_select"](hx, 1, permutation)


class _RNNBase(_Recurrent):
    mode = ""
    kind = ""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, device=None, dtype=None, **extra):
        super().__init__()
        if "proj_size" in extra and self.mode != "LSTM":
            raise value_error("proj_size argument is only supported for LSTM, not RNN or GRU")
        proj_size = extra.pop("proj_size", 0)
        if extra:
            raise type_error(f"{self.kind}.__init__() got an unexpected keyword argument '{next(iter(extra))}'")
        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise value_error("dropout should be a number in range [0, 1] representing the probability of an "
                              "element being zeroed")
        if dropout > 0 and num_layers == 1:
            CONTEXT.warning("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                            f"expects num_layers greater than 1, but got dropout={dropout} and "
                            f"num_layers={num_layers}")
        if not isinstance(bias, bool):
            raise type_error(f"bias should be of type bool, got: {type_name(bias)}")
        if not isinstance(batch_first, bool):
            raise type_error(f"batch_first should be of type bool, got: {type_name(batch_first)}")
        if not isinstance(input_size, int):
            raise type_error(f"input_size should be of type int, got: {type_name(input_size)}")
        if input_size <= 0:
            raise value_error("input_size must be greater than zero")
        if not isinstance(hidden_size, int):
            raise type_error(f"hidden_size should be of type int, got: {type_name(hidden_size)}")
        if hidden_size <= 0:
            raise value_error("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise value_error("num_layers must be greater than zero")
        if proj_size < 0:
            raise value_error("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise value_error("proj_size has to be smaller than hidden_size")
        self.config.update(input_size=input_size, hidden_size=hidden_size, num_layers=num_layers, bias=bias,
                           batch_first=batch_first, dropout=float(dropout), bidirectional=bidirectional,
                           proj_size=proj_size, mode=self.mode)
        dt = _float_dtype(dtype)
        directions = 2 if bidirectional else 1
        for layer in range(num_layers):
            for direction in range(directions):
                self.register_weights(f"_l{layer}{'_reverse' if direction else ''}",
                                      input_size if layer == 0 else (proj_size or hidden_size) * directions, bias,
                                      dt, False, proj_size)
        self.reset_parameters()

    def extra_repr(self):
        c = self.config
        s = f"{c['input_size']}, {c['hidden_size']}"
        if c["proj_size"] != 0:
            s += f", proj_size={c['proj_size']}"
        if c["num_layers"] != 1:
            s += f", num_layers={c['num_layers']}"
        if c["bias"] is not True:
            s += f", bias={c['bias']}"
        if c["batch_first"] is not False:
            s += f", batch_first={c['batch_first']}"
        if c["dropout"] != 0:
            s += f", dropout={c['dropout']}"
        if c["bidirectional"] is not False:
            s += f", bidirectional={c['bidirectional']}"
        return s

    def attribute(self, name):
        if name == "all_weights":       # a list per layer and direction
            c = self.config
            per = (4 if c["bias"] else 2) + (1 if c["proj_size"] else 0)
            weights = [p for p in self.parameters_.values() if p is not None]
            return [weights[i:i + per] for i in range(0, len(weights), per)]
        return super().attribute(name)

    # ----- the checks of RNNBase -----
    def _batched(self, input, noun):
        """(input with a batch dimension, whether it had one, the batch dimension)."""
        if _dim(input) not in (2, 3):
            raise value_error(f"{self.kind}: Expected input to be 2D or 3D, got {_dim(input)}D{noun} instead")
        batch_dim = 0 if self.config["batch_first"] else 1
        if input.data.ndim == 3:
            return input, True, batch_dim
        return _M["unsqueeze"](input, batch_dim), False, batch_dim

    def _check_input(self, input, dims=3):
        weight = self.parameters_["weight_ih_l0"]
        if input.dtype != weight.dtype:
            raise value_error(f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight.dtype}). "
                              f"Convert input: input.to({weight.dtype}), or convert model: model.to({input.dtype})")
        if input.data.ndim != dims:
            raise runtime_error(f"input must have {dims} dimensions, got {input.data.ndim}")
        if self.config["input_size"] != input.shape[-1]:
            raise runtime_error(f"input.size(-1) must be equal to input_size. Expected {self.config['input_size']}, "
                                f"got {input.shape[-1]}")

    def _expected_hidden(self, input, cell=False, batch=None) -> tuple:
        """The shape of h_0 (of c_0 with ``cell``: an LSTM's projection shrinks
        h alone); ``batch`` given for packed input."""
        c = self.config
        if batch is None:
            batch = input.shape[0] if c["batch_first"] else input.shape[1]
        size = c["hidden_size"] if cell else c["proj_size"] or c["hidden_size"]
        return (c["num_layers"] * (2 if c["bidirectional"] else 1), batch, size)

    @staticmethod
    def _check_hidden(hx, expected, msg="Expected hidden size {}, got {}"):
        if tuple(hx.shape) != expected:
            raise runtime_error(msg.format(expected, list(hx.shape)))

    def _zeros(self, input, cell=False, batch=None):
        return _T["zeros"](*self._expected_hidden(input, cell, batch), dtype=input.dtype)

    # ----- ATen's _rnn_impl -----
    def _layer_weights(self, layer, suffix):
        p = self.parameters_
        weights = (p[f"weight_ih_l{layer}{suffix}"], p[f"weight_hh_l{layer}{suffix}"],
                   p.get(f"bias_ih_l{layer}{suffix}"), p.get(f"bias_hh_l{layer}{suffix}"))
        projection = p.get(f"weight_hr_l{layer}{suffix}")
        return weights if projection is None else weights + (projection,)

    def _run_layer(self, inputs, hidden, weights, reverse):
        """FullLayer (ReversedFullLayer when ``reverse``) on the CPU:
        ``linear_ih`` of the whole sequence, then one cell per step."""
        steps = _M["unbind"](_linear(inputs, weights[0], weights[2]), 0)
        order = range(len(steps) - 1, -1, -1) if reverse else range(len(steps))
        outputs = [None] * len(steps)
        for t in order:
            hidden = self.step(steps[t], hidden, weights, True)
            outputs[t] = hidden[0] if isinstance(hidden, tuple) else hidden
        if not outputs:
            raise runtime_error("Expected sequence length to be larger than 0 in RNN")
        return self._stack_steps(outputs), hidden

    def _stack_steps(self, outputs):
        return _T["stack"](outputs, 0)

    # ----- ATen's packed path: PackedLayer, ReversedPackedLayer -----
    def _run_packed_layer(self, data, sizes, hidden, weights, reverse):
        """One direction of a layer over packed ``data`` (``sizes``: the batch
        sizes): ``linear_ih`` of all the data, then a cell per time step on
        its rows. Forwards, the batch shrinks: the hidden rows of finished
        sequences are set aside (narrowed off) and joined at the end
        (``cat``); backwards it grows, taking rows of the initial hidden."""
        x = _linear(data, weights[0], weights[2])
        outputs = []
        if not reverse:
            offset, last, finished = 0, sizes[0], []
            for size in sizes:
                step = _M["narrow"](x, 0, offset, size)
                offset += size
                if last > size:
                    finished.append(_hidden_slice(hidden, size, last))
                    hidden = _hidden_slice(hidden, 0, size)
                last = size
                hidden = self.step(step, hidden, weights, True)
                outputs.append(hidden[0] if isinstance(hidden, tuple) else hidden)
            finished.append(hidden)
            return _T["cat"](outputs, 0), _hidden_concat(finished[::-1])
        offset, last = data.shape[0], sizes[-1]
        initial, hidden = hidden, _hidden_slice(hidden, 0, sizes[-1])
        for size in reversed(sizes):
            if size > last:
                hidden = _hidden_concat([hidden, _hidden_slice(initial, last, size)])
            step = _M["narrow"](x, 0, offset - size, size)
            offset -= size
            last = size
            hidden = self.step(step, hidden, weights, True)
            outputs.append(hidden[0] if isinstance(hidden, tuple) else hidden)
        return _T["cat"](outputs[::-1], 0), hidden

    def _stack(self, layer_input, hiddens, run_layer, packed):
        """The layer stack: ``run_layer(input, hidden, weights, reverse)`` per
        layer and direction, ``hiddens`` in PyTorch's order; returns the last
        layer's output and the final hiddens in that order."""
        c = self.config
        directions = 2 if c["bidirectional"] else 1
        finals = []
        for layer in range(c["num_layers"]):
            outs = []
            for d in range(directions):
                out, last = run_layer(layer_input, hiddens[layer * directions + d],
                                      self._layer_weights(layer, "_reverse" if d else ""), d == 1)
                outs.append(out)
                finals.append(last)
            if directions == 2:
                layer_input = _T["cat"](outs, -1 if packed else outs[0].data.ndim - 1)
            else:
                layer_input = outs[0]
            if c["dropout"] != 0 and self.training and layer < c["num_layers"] - 1:
                layer_input = functional("dropout")(layer_input, c["dropout"], True)
        return layer_input, finals

    def _run_packed(self, data, sizes, hiddens):
        """The layer stack over packed data: (output data, final hiddens)."""
        return self._stack(data, hiddens, lambda x, h, w, rev: self._run_packed_layer(x, sizes, h, w, rev), True)

    def _run(self, input, hiddens, batch_first=None):
        """The layer stack: ``hiddens`` per layer and direction, in PyTorch's
        order; returns the output and the final hiddens in that order."""
        batch_first = self.config["batch_first"] if batch_first is None else batch_first
        if batch_first:
            input = _M["transpose"](input, 0, 1)
        layer_input, finals = self._stack(input, hiddens, self._run_layer, False)
        if not batch_first:
            return layer_input, finals
        # NOTE: ATen's _rnn_impl (RNN, GRU) turns the output back in place
        # (TransposeBackward1); its LSTM paths with a copy (TransposeBackward0)
        output = _M["transpose" if self.mode == "LSTM" else "transpose_"](layer_input, 0, 1)
        return output, finals


class _PlainRNN(_RNNBase):
    """RNN and GRU: one hidden state per layer and direction."""

    def forward(self, input, hx=None):
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        input, batched, batch_dim = self._batched(input, " tensor")
        if not batched:
            if hx is not None:
                if _dim(hx) != 2:
                    raise runtime_error(f"For unbatched 2-D input, hx should also be 2-D but got {_dim(hx)}-D tensor")
                hx = _M["unsqueeze"](hx, 1)
        elif hx is not None and _dim(hx) != 3:
            raise runtime_error(f"For batched 3-D input, hx should also be 3-D but got {_dim(hx)}-D tensor")
        if hx is None:
            hx = self._zeros(input)
        self._check_input(input)
        self._check_hidden(hx, self._expected_hidden(input))
        output, finals = self._run(input, _M["unbind"](hx, 0))
        hidden = _T["stack"](finals, 0)
        if not batched:
            return _M["squeeze"](output, batch_dim), _M["squeeze"](hidden, 1)
        return output, hidden


    def _forward_packed(self, packed, hx):
        data, batch_sizes, sorted_indices, unsorted_indices = packed
        batch = int(batch_sizes.data[0])
        hx = self._zeros(data, batch=batch) if hx is None else _permute(hx, sorted_indices)
        self._check_input(data, 2)
        self._check_hidden(hx, self._expected_hidden(data, batch=batch))
        output, finals = self._run_packed(data, [int(b) for b in batch_sizes.data], _M["unbind"](hx, 0))
        hidden = _T["stack"](finals, 0)
        return (PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices),
                _permute(hidden, unsorted_indices))


class RNN(_PlainRNN):
    display_name = "RNN"
    class_path = "torch.nn.modules.rnn.RNN"
    kind = "RNN"

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise value_error("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            nonlinearity, args = args[3], args[:3] + args[4:]
        else:
            nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if nonlinearity not in ("tanh", "relu"):
            raise value_error(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__(*args, **kwargs)
        self.config["nonlinearity"] = nonlinearity
        self.config["mode"] = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"

    def step(self, x, h, w, precomputed):
        return _simple_cell(x, h, w, precomputed, self.config["nonlinearity"])


class GRU(_PlainRNN):
    display_name = "GRU"
    class_path = "torch.nn.modules.rnn.GRU"
    kind = "GRU"
    mode = "GRU"
    num_chunks = 3

    step = staticmethod(_gru_cell)


class LSTM(_RNNBase):
    display_name = "LSTM"
    class_path = "torch.nn.modules.rnn.LSTM"
    kind = "LSTM"
    mode = "LSTM"
    num_chunks = 4

    step = staticmethod(_lstm_cell)

    def _stack_steps(self, outputs):
        # NOTE: PyTorch runs a float32 layer through oneDNN, one node for the
        # whole layer: the stacked steps carry its name (the values are the
        # native path's, see the module docstring)
        if (outputs[0].dtype is not D.float32 or self.config["proj_size"]
                or not (GRAD_MODE.enabled and any(t.requires_grad for t in outputs))):
            return _T["stack"](outputs, 0)
        op = _ONEDNN_LAYER.get(len(outputs)) or _onednn_layer(len(outputs))
        return record(op, tuple(outputs), {"dim": 0}, op.forward(*(t.data for t in outputs), dim=0))

    def _forward_packed(self, packed, hx):
        """PyTorch checks nothing here: ATen's packed LSTM meets a wrong input
        or state in its own checks or in the cell's ops."""
        data, batch_sizes, sorted_indices, unsorted_indices = packed
        batch = int(batch_sizes.data[0])
        if hx is None:
            hx = (self._zeros(data, batch=batch), self._zeros(data, cell=True, batch=batch))
        else:
            hx = (_permute(hx[0], sorted_indices), _permute(hx[1], sorted_indices))
        for h in hx:
            if _dim(h) < 3:
                existing_dim(2, _dim(h))
        c = self.config
        if hx[0].shape[0] != c["num_layers"] * (2 if c["bidirectional"] else 1):
            raise runtime_error("Expected more hidden states in stacked_rnn")
        if (hx[0].shape[2] != hx[1].shape[2]) != bool(c["proj_size"]):
            raise runtime_error("got an incorrect number of RNN parameters")
        hiddens = list(zip(_M["unbind"](hx[0], 0), _M["unbind"](hx[1], 0)))
        sizes = [int(b) for b in batch_sizes.data]
        if data.dtype is D.float32 and not c["proj_size"] and len(set(sizes)) == 1:
            # NOTE: a batch whose sequences all have one length is unpacked
            # and run as a padded batch (ATen's dispatch to oneDNN), its
            # output reshaped back: ViewBackward0 over oneDNN's layer nodes
            steps = _M["reshape"](data, (len(sizes), sizes[0], data.shape[-1]))
            output, finals = self._run(steps, hiddens, batch_first=False)
            output = _M["reshape"](output, (len(sizes) * sizes[0], output.shape[-1]))
        else:
            output, finals = self._run_packed(data, sizes, hiddens)
        h_n = _T["stack"]([h for h, _ in finals], 0)
        c_n = _T["stack"]([cell for _, cell in finals], 0)
        return (PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices),
                (_permute(h_n, unsorted_indices), _permute(c_n, unsorted_indices)))

    def forward(self, input, hx=None):
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        input, batched, batch_dim = self._batched(input, "")
        if hx is None:
            hx = (self._zeros(input), self._zeros(input, cell=True))
        else:
            h0, c0 = hx
            if batched:
                if _dim(h0) != 3 or _dim(c0) != 3:
                    raise runtime_error("For batched 3-D input, hx and cx should also be 3-D but got "
                                        f"({_dim(h0)}-D, {_dim(c0)}-D) tensors")
            else:
                if _dim(h0) != 2 or _dim(c0) != 2:
                    raise runtime_error("For unbatched 2-D input, hx and cx should also be 2-D but got "
                                        f"({_dim(h0)}-D, {_dim(c0)}-D) tensors")
                hx = (_M["unsqueeze"](h0, 1), _M["unsqueeze"](c0, 1))
        self._check_input(input)
        expected = self._expected_hidden(input)
        self._check_hidden(hx[0], expected, "Expected hidden[0] size {}, got {}")
        self._check_hidden(hx[1], self._expected_hidden(input, cell=True), "Expected hidden[1] size {}, got {}")
        if self.config["proj_size"] and input.dtype is D.float32 and input.data.size:
            CONTEXT.warning(PROJECTION_WARNING)
        hiddens = list(zip(_M["unbind"](hx[0], 0), _M["unbind"](hx[1], 0)))
        output, finals = self._run(input, hiddens)
        h_n = _T["stack"]([h for h, _ in finals], 0)
        c_n = _T["stack"]([cell for _, cell in finals], 0)
        if not batched:
            return _M["squeeze"](output, batch_dim), (_M["squeeze"](h_n, 1), _M["squeeze"](c_n, 1))
        return output, (h_n, c_n)


_Recurrent.methods = dict(Module.methods, reset_parameters=lambda self: self.reset_parameters())
# NOTE: flatten_parameters packs the weights for cuDNN; on the CPU it does nothing
_RNNBase.methods = dict(_Recurrent.methods, flatten_parameters=lambda self: None)


RECURRENT_CLASSES = {"RNNCell": RNNCell, "LSTMCell": LSTMCell, "GRUCell": GRUCell, "RNN": RNN, "LSTM": LSTM,
                     "GRU": GRU}
