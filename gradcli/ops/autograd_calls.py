"""The autograd API scripts call: ``backward``, ``torch.autograd.grad``,
``retain_grad``, ``register_hook``, ``.grad`` access, and in-place updates
with PyTorch's rules for leaves and saved tensors."""
from __future__ import annotations

import weakref

import numpy as np

from ..engine import autograd as AG
from ..engine import dtypes as D
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..engine.views import check_rebase, current_grad_fn
from ..errors import runtime_error, type_error, value_error
from .operands import as_tensor, type_name
from .views import copy_to, move_retained, rebase_view, without_leading_ones

NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
    "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated "
    "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor "
    "by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 "
    "for more information. (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)")


def _tensors(x, what):
    if type(x) is Tensor:
        return [x]
    if isinstance(x, (list, tuple)) and all(type(t) is Tensor for t in x):
        return list(x)
    raise type_error(f"{what} must be a Tensor or a sequence of Tensors, not {type_name(x)}")


def _inputs(x, api):
    """The ``inputs`` of ``backward()``/``grad()``: a Tensor or a non-empty sequence of them."""
    ins = _tensors(x, "inputs")
    if not ins:
        raise runtime_error(f"`inputs` argument to `{api}()` cannot be empty.")
    return ins


# ***** the gradients given for the outputs (PyTorch's _make_grads) *****

def _given_grads(x, n) -> list:
    """``grad_tensors``/``grad_outputs`` as PyTorch takes them: None for
    each of the ``n`` outputs, a Tensor for the first, or the items of a
    sequence (checked by ``_check_grads``)."""
    if x is None:
        return [None] * n
    if type(x) is Tensor:
        return [x]
    if isinstance(x, (list, tuple, str, range, dict)):
        return list(x)
    raise type_error(f"'{type_name(x)}' object is not iterable")


def _check_grads(outputs, grads) -> list:
    """PyTorch's checks of the gradients given for ``outputs``, pair by pair
    (extra gradients are ignored), then of their number. None is a gradient
    of ones for an output that requires grad (a one-element one)."""
    made = []
    for out, g in zip(outputs, grads):
        if type(g) is Tensor:
            if g.shape != out.shape:
                raise runtime_error(f"Mismatch in shape: grad_output[{_list_index(grads, g)}] has a shape of "
                                    f"torch.Size({list(g.shape)}) and output[{_list_index(outputs, out)}] has a "
                                    f"shape of torch.Size({list(out.shape)}).")
        elif g is not None:
            raise type_error(f"gradients can be either Tensors or None, but got {type_name(g)}")
        elif out.requires_grad:
            g = AG.implicit_grad(out)
        made.append(g)
    if len(made) != len(outputs):
        raise runtime_error(f"got {len(outputs)} tensors and {len(made)} gradients")
    return made


def _list_index(items, item) -> int:
    """``items.index(item)`` as Python computes it, which PyTorch's message
    uses: the first item that is ``item`` or equals it, where comparing two
    tensors of more than one element is an error.

    NOTE: so with several outputs, naming a mismatched one may itself fail
    (the earlier output compared with it), as it does in PyTorch."""
    from .table import OPS
    for i, v in enumerate(items):
        if v is item:
            return i
        if type(v) is Tensor:
            same = OPS["eq"].call(v, item)
            if same.data.size != 1:
                raise runtime_error("Boolean value of Tensor with more than one value is ambiguous")
            if same.data.reshape(()).item():
                return i
    raise ValueError(item)      # not reached: ``item`` is one of ``items``


def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    autograd_backward(self, gradient, retain_graph, create_graph, inputs)


def autograd_backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    ins = _inputs(inputs, "backward") if inputs is not None else None
    ts = _tensors(tensors, "tensors")
    gs = _check_grads(ts, _given_grads(grad_tensors, len(ts)))
    _backward(ts, gs, retain_graph, create_graph, ins)


def _backward(tensors, grads, retain_graph, create_graph, inputs):
    """Run the pass; with --trace record it step by step; tell the run;
    under `gradcli check`, compare it with finite differences."""
    steps = [] if CONTEXT.trace or CONTEXT.check is not None else None
    AG.backward(tensors, grads, retain_graph, create_graph, inputs,
                tracer=None if steps is None else _recorder(steps))
    if CONTEXT.on_backward is not None:
        t = tensors[0]
        CONTEXT.on_backward(t.grad_fn.name if t.grad_fn is not None else "AccumulateGrad",
                            steps if CONTEXT.trace else None)
    if CONTEXT.check is not None:
        leaves = [(s["fn"], s["fn"].variable, s["grad_output"]) for s in steps if s["node"] == "AccumulateGrad"]
        if inputs is not None:
            wanted = {id(x) for x in inputs}
            leaves = [leaf for leaf in leaves if id(leaf[1]) in wanted]
        _fd_check("backward", tensors, grads, leaves)


def _fd_check(api, outputs, grads, checked):
    """``checked``: (node, tensor, analytic gradient) per input."""
    from ..engine import fdcheck
    roots = [t.grad_fn if t.grad_fn is not None else AG.accumulator(t) for t in outputs]
    weights = [np.ones(t.shape) if g is None else (g.data if type(g) is Tensor else g)
               for t, g in zip(outputs, grads)]
    try:
        results = fdcheck.check(roots, weights, [(fn, t) for fn, t, _ in checked], [a for _, _, a in checked],
                                CONTEXT.check)
    except (LookupError, TypeError, ValueError) as e:
        results = [fdcheck.InputCheck(t, tuple(t.shape), skipped=f"could not replay the forward pass ({e})")
                   for _, t, _ in checked]
    if CONTEXT.on_check is not None:
        CONTEXT.on_check(api, results)


def _array(g):
    return np.array(g.data if type(g) is Tensor else g, copy=True)


def _recorder(steps):
    """A tracer for run_backward: each node as it runs, the gradient that
    reached it and the gradient it sends to each input (copies: buffers
    may be reused). A step: {"node", "fn", "grad_output", "grad_inputs":
    [(next node, gradient)]}."""
    def record_step(fn, g, in_grads):
        sent = [(nxt, _array(ig)) for nxt, ig in zip(getattr(fn, "edges", ()), in_grads)
                if nxt is not None and ig is not None]
        steps.append({"node": fn.name, "fn": fn, "grad_output": _array(g), "grad_inputs": sent})
    return record_step


def autograd_grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
                  allow_unused=None, only_inputs=True, materialize_grads=False):
    if materialize_grads and allow_unused is False:
        raise value_error("Expected allow_unused to be True or not passed when materialize_grads=True, "
                          "but got: allow_unused=False.")
    outs = _tensors(outputs, "outputs")
    ins = _inputs(inputs, "grad")
    gos = _check_grads(outs, _given_grads(grad_outputs, len(outs)))
    res = AG.grad(outs, ins, gos, retain_graph, create_graph, bool(allow_unused or materialize_grads))
    if CONTEXT.check is not None:
        _fd_check("autograd.grad", outs, gos,
                  [(x.grad_fn if x.grad_fn is not None else AG.accumulator(x), x,
                    np.zeros(x.shape) if g is None else np.asarray(g.data)) for x, g in zip(ins, res)])
    if materialize_grads:
        from .create import zeros_like
        res = tuple(zeros_like(x) if g is None else g for g, x in zip(res, ins))
    return res


def get_grad(t: Tensor):
    if current_grad_fn(t) is not None and not t._retains_grad and t._grad is None:
        CONTEXT.warning(NON_LEAF_GRAD_WARNING)
    return t._grad


def set_grad(t: Tensor, value):
    if value is not None:
        if type(value) is not Tensor:
            raise type_error(f"assigned grad expected to be a Tensor or None but got grad of type {type_name(value)}")
        if value.shape != t.shape:
            raise runtime_error(f"attempting to assign a gradient of size '{list(value.shape)}' to a tensor of size "
                                f"'{list(t.shape)}'. Please ensure that the gradient and the tensor are the same size")
        if value.data.dtype != t.data.dtype:
            have, want = D.of_array(value.data).c_name, D.of_array(t.data).torch_type[:-6]
            raise runtime_error(f"attempting to assign a gradient with dtype '{have}' to a tensor with grad_dtype "
                                f"'{want}'. The gradient must match the tensor's grad_dtype (defaults to the tensor's "
                                "dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None "
                                "to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and "
                                "its gradient may break downstream systems that assume they match.")
    t._grad = value


def retain_grad(t: Tensor):
    if not t.requires_grad:
        raise runtime_error("can't retain_grad on Tensor that has requires_grad=False")
    fn = current_grad_fn(t)
    if fn is not None and not t._retains_grad:
        t._retains_grad = True
        fn.retained = weakref.ref(t)


class RemovableHandle:
    """What ``register_hook`` returns: ``handle.remove()`` takes the hook off."""
    __slots__ = ("hooks", "hook")
    display_name = "torch.utils.hooks.RemovableHandle"

    def __init__(self, hooks: list, hook):
        self.hooks, self.hook = hooks, hook

    def __repr__(self):                 # PyTorch's, without the address (as grad_fn nodes print)
        return f"<{self.display_name} object>"

    def remove(self):
        if self.hook in self.hooks:
            self.hooks.remove(self.hook)


def register_hook(t: Tensor, hook):
    if not t.requires_grad:
        raise runtime_error("cannot register a hook on a tensor that doesn't require gradient")
    call = CONTEXT.call

    def run(g):
        return call(hook, (g,))
    fn = current_grad_fn(t)
    if fn is not None:
        if fn.hooks is None:
            fn.hooks = []
        hooks = fn.hooks
    else:
        if t._hooks is None:
            t._hooks = []
        hooks = t._hooks
    hooks.append(run)
    return RemovableHandle(hooks, run)


def register_node_hook(fn, hook):
    """``grad_fn.register_hook(hook)``: ``hook(grad_inputs, grad_outputs)``
    after the node runs; what it returns replaces ``grad_inputs``."""
    call = CONTEXT.call

    def run(gi, go):
        return _tuple_or_none(call(hook, (gi, go)))
    hooks = AG.node_hooks(fn)[1]
    hooks.append(run)
    return RemovableHandle(hooks, run)


def register_node_prehook(fn, hook):
    """``grad_fn.register_prehook(hook)``: ``hook(grad_outputs)`` before
    the node runs; what it returns replaces ``grad_outputs``."""
    call = CONTEXT.call

    def run(go):
        return _tuple_or_none(call(hook, (go,)))
    hooks = AG.node_hooks(fn)[0]
    hooks.append(run)
    return RemovableHandle(hooks, run)


def _tuple_or_none(res):
    if res is None or isinstance(res, (tuple, list)):
        return res
    raise type_error(f"expected a tuple or None as the hook's result, not {type_name(res)}")


# ***** in-place updates *****

def check_inplace(t: Tensor):
    """PyTorch's check before an in-place op that records history: views
    that may not be rewritten, and leaves (or views of leaves) that require
    grad. Nothing is recorded under no_grad, so nothing is checked."""
    if not AG.GRAD_MODE.enabled:
        return
    meta = t._view
    if meta is not None:
        check_rebase(t, indirect=False)
        if t.requires_grad and meta.base.grad_fn is None:
            raise runtime_error("a view of a leaf Variable that requires grad is being used in an in-place operation.")
    if t.requires_grad and current_grad_fn(t) is None:
        raise runtime_error("a leaf Variable that requires grad is being used in an in-place operation.")


def inplace(t: Tensor, result_fn, cast=False):
    """Apply ``result_fn(t) -> Tensor`` and write it into ``t``: data in
    place, version bumped, history rewired (CopySlices through a view).
    ``cast``: a float result may be written into an integer tensor (a copy)."""
    grad = AG.GRAD_MODE.enabled
    if grad and t.requires_grad:
        check_inplace(t)
    result = result_fn(t)
    if type(result) is not Tensor:
        result = as_tensor(result)
    if result is t:
        t.bump_version()
        return t
    if grad and result.requires_grad and not t.requires_grad:
        check_inplace(t)
    # NOTE: `n += 0.5` on an int tensor is an error, but `n[0] = 0.5` truncates, as a copy does.
    if not cast and t.data.dtype.kind != "f" and result.data.dtype.kind in ("f" if t.data.dtype.kind != "b" else "fiu"):
        src = D.of_array(result.data).torch_type[:-6]
        raise runtime_error(f"result type {src} can't be cast to the desired output type {t.dtype.torch_type[:-6]}")
    node = result.grad_fn if grad and result.requires_grad else None
    if node is not None and node.args and node.args[0] is t:
        AG.adopt_inplace(node, t)
    try:
        # NOTE: as PyTorch, first elements of t that share memory (a dim of
        # size > 1 and stride 0), then the shapes: the result broadcasts to
        # t's, never t to the result's (copyto alone would also drop a
        # result's extra leading 1s); an empty t shares nothing
        rd, td = result.data, t.data
        if rd.shape != td.shape:
            if td.size and any(st == 0 and n > 1 for st, n in zip(td.strides, td.shape)):
                raise ValueError("read-only")
            if rd.ndim > td.ndim or np.broadcast_shapes(rd.shape, td.shape) != td.shape:
                raise ValueError("shape")
        np.copyto(td, rd, casting="unsafe")
    except ValueError as e:
        if "read-only" in str(e):
            raise runtime_error("unsupported operation: more than one element of the written-to tensor refers "
                                "to a single memory location. Please clone() the tensor before performing the "
                                "operation.") from None
        raise runtime_error(f"output with shape {list(t.shape)} doesn't match the broadcast shape "
                            f"{list(np.broadcast_shapes(t.shape, result.shape))}") from None
    t.bump_version()
    if node is not None:
        if t._view is not None:
            rebase_view(t, node)
        else:
            move_retained(t, node)
            t.grad_fn = node
            t.requires_grad = True
    return t


def setitem(t: Tensor, key, value: Tensor) -> Tensor:
    """``t[key] = value``, as PyTorch's setitem: a copy into the view that
    the key's ints, slices, None and bools make (CopySlices when it is a
    view of ``t``), or ``index_put_`` there for a key with index arrays."""
    from .shape import write_target
    target = write_target(t, key)
    if target is None:                  # a lone False
        return t
    view, key = target
    if key is None:
        inplace(view, lambda v: copy_to(v, value), cast=True)
    else:
        inplace(view, lambda v: index_put(v, key, value), cast=True)
    return t


def index_put(v: Tensor, key, value: Tensor) -> Tensor:
    """The values of ``v[key] = value`` for a key of whole slices and index
    arrays (IndexPutBackward0), with PyTorch's checks in its order: the
    key's, the value's shape, its dtype (not for a one-element value under
    a lone mask, which PyTorch fills with), then the indices' range."""
    from .shape import check_bounds, expanded_key
    from .table import OPS
    arrays = [k for k in key if isinstance(k, np.ndarray)]
    value = without_leading_ones(value)
    fill = value.data.size == 1 and len(arrays) == 1 and arrays[0].dtype == np.bool_
    key, result = expanded_key(v.data.shape, key)
    if not fill:
        vs = value.shape
        if len(vs) > len(result) or any(a != 1 and a != b for a, b in zip(reversed(vs), reversed(result))):
            raise runtime_error(f"shape mismatch: value tensor of shape {list(vs)} cannot be broadcast to indexing "
                                f"result of shape {list(result)}")
        if value.data.dtype != v.data.dtype:
            raise runtime_error(f"Index put requires the source and destination dtypes match, got "
                                f"{v.dtype.torch_type[:-6]} for the destination and {value.dtype.torch_type[:-6]} "
                                f"for the source.")
    check_bounds(v.data.shape, key)
    positions = np.arange(v.data.size).reshape(v.data.shape)[key]
    out = np.array(v.data, copy=True)
    out.reshape(-1)[positions.reshape(-1)] = np.broadcast_to(value.data, positions.shape).reshape(-1)
    return OPS["index_put"].apply((v, value), {"key": (positions,)}, out)
