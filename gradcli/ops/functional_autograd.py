"""``torch.autograd.functional``: ``jacobian``, ``hessian``, ``vjp``,
``jvp``, ``hvp`` and ``vhp`` in scripts, computed the way PyTorch computes
them (one reverse pass per output element; the double-backward trick for
forward-mode products), with its argument checks, error messages and
output layout (tuples where the inputs or outputs were tuples)."""
from __future__ import annotations

from ..engine import autograd as AG
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error, type_error
from .create import detach, requires_grad_, zeros_like
from .join import stack
from .operands import type_name
from .shape import getitem, reshape, squeeze, view


class GradEnabled:
    """``with torch.set_grad_enabled(mode)`` for the engine's grad mode."""

    def __init__(self, mode: bool):
        self.mode = mode
        self.prev = None

    def __enter__(self):
        self.prev = AG.GRAD_MODE.enabled
        AG.GRAD_MODE.enabled = self.mode

    def __exit__(self, *exc):
        AG.GRAD_MODE.enabled = self.prev


def _as_tuple(inp, arg_name, fn_name):
    is_tuple = isinstance(inp, tuple)
    items = inp if is_tuple else (inp,)
    for i, el in enumerate(items):
        if type(el) is not Tensor:
            where = f"value at index {i}" if is_tuple else f"given {arg_name}"
            raise type_error(f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of Tensors "
                             f"but the {where} has type <class '{type_name(el)}'>.")
    return is_tuple, tuple(items)


def _tuple_postprocess(res, unpack_outer, unpack_inner=None):
    if unpack_inner is not None and not unpack_inner:
        res = tuple(el[0] for el in res)
    if not unpack_outer:
        res = res[0]
    return res


def _grad_preprocess(inputs, create_graph, need_graph):
    res = []
    for inp in inputs:
        if create_graph and inp.requires_grad:
            res.append(view(inp, tuple(inp.shape)))
        else:
            t = detach(inp)
            t.requires_grad = need_graph and t.data.dtype.kind in "fc"
            if need_graph and not t.requires_grad:
                requires_grad_(t, True)         # PyTorch's error for integer inputs
            res.append(t)
    return tuple(res)


def _grad_postprocess(items, create_graph):
    if create_graph:
        return items
    if type(items[0]) is Tensor:
        return tuple(detach(t) for t in items)
    return tuple(tuple(detach(t) for t in inner) for inner in items)


def _sizes(t):
    return "torch.Size([" + ", ".join(str(s) for s in t.shape) + "])"


def _validate_v(v, other, is_other_tuple):
    if len(other) != len(v):
        if is_other_tuple:
            raise runtime_error(f"v is a tuple of invalid length: should be {len(other)} but got {len(v)}.")
        raise runtime_error("The given v should contain a single Tensor.")
    for idx, (el_v, el_other) in enumerate(zip(v, other)):
        if el_v.shape != el_other.shape:
            prepend = f"Entry {idx} in " if is_other_tuple else ""
            raise runtime_error(f"{prepend}v has invalid size: should be {_sizes(el_other)} but got {_sizes(el_v)}.")


_NOT_REQUIRING = {
    "hessian": ("The hessian of the user-provided function with respect to input {i} is independent of the "
                "input. This is not allowed in strict mode. You should ensure that your function is thrice "
                "differentiable and that the hessian depends on the inputs."),
    "jacobian": ("While computing the hessian, found that the jacobian of the user-provided function with "
                 "respect to input {i} is independent of the input. This is not allowed in strict mode. You "
                 "should ensure that your function is twice differentiable and that the jacobian depends on "
                 "the inputs (this would be violated by a linear function for example)."),
    "grad_inputs": ("The gradient with respect to input {i} is independent of the inputs of the user-provided "
                    "function. This is not allowed in strict mode."),
    "outputs": ("Output {i} of the user-provided function does not require gradients. The outputs must be "
                "computed in a differentiable manner from the input when running in strict mode."),
}


def _check_requires_grad(items, input_type, strict):
    if not strict:
        return
    for i, inp in enumerate(items):
        if inp is None:
            raise runtime_error(f"The output of the user-provided function is independent of input {i}. "
                                "This is not allowed in strict mode.")
        if not inp.requires_grad:
            raise runtime_error(_NOT_REQUIRING[input_type].format(i=i))


def _autograd_grad(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None):
    """``torch.autograd.grad`` over the outputs that require grad (None for
    inputs that none of them reach)."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    outs, gos = [], []
    for out, g in zip(outputs, grad_outputs):
        if out is not None and out.requires_grad:
            outs.append(out)
            gos.append(g)
    if not outs:
        return (None,) * len(inputs)
    # NOTE: the engine's grad, not the script-facing call: `gradcli check`
    # compares the script's own passes with finite differences, not these.
    return AG.grad(outs, list(inputs), gos, retain_graph, create_graph, True)


_STAGE_ERRORS = {
    "back": "The output of the user-provided function is independent of input {i}. This is not allowed in "
            "strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the grad_outputs when "
                  "using the double backward trick to compute forward mode gradients. This is not allowed in "
                  "strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. This is not "
                   "allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry {i} in the "
                         "grad_jacobian. This is not allowed in strict mode as it prevents from using the double "
                         "backward trick to replace forward mode AD.",
}


def _fill_in_zeros(grads, refs, strict, create_graph, stage):
    res = []
    for i, g in enumerate(grads):
        if g is None:
            if strict:
                raise runtime_error(_STAGE_ERRORS[stage].format(i=i))
            g = zeros_like(refs[i])
        elif strict and create_graph and not g.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise runtime_error(f"The {what} of the user-provided function is independent of input {i}. This is "
                                "not allowed in strict mode when create_graph=True.")
        res.append(g)
    return tuple(res)


class Inner:
    """A function of this module passed where a script's function goes
    (hessian's inner jacobian): called directly, not by the interpreter."""
    __slots__ = ("fn",)

    def __init__(self, fn):
        self.fn = fn


def call_function(func, inputs):
    """Call a script's function (or an ``Inner`` one) with a tuple of arguments."""
    if type(func) is Inner:
        return func.fn(*inputs)
    return CONTEXT.call(func, inputs)


def _check_strategy(strategy, vectorize, create_graph, strict):
    if strategy not in ("forward-mode", "reverse-mode"):
        raise GradcliError("AssertionError", 'Expected strategy to be either "forward-mode" or "reverse-mode". '
                           'Hint: If your function has more outputs than inputs, "forward-mode" tends to be more '
                           'performant. Otherwise, prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        # NOTE: with vectorize=True PyTorch computes the same Jacobian by
        # forward AD; gradcli computes it in reverse mode.
        if create_graph:
            raise GradcliError("NotImplementedError", 'torch.autograd.functional.jacobian: `create_graph=True` '
                               'and `strategy="forward-mode"` are not supported together (yet). Please either '
                               'set `create_graph=False` or `strategy="reverse-mode"`.')
        if strict:
            raise runtime_error('torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` '
                                'are not supported together (yet). Please either set `strict=False` or '
                                '`strategy="reverse-mode"`.')
        if not vectorize:
            raise GradcliError("NotImplementedError", "Computing Jacobian using forward-AD or forward-over-reverse "
                               "Hessian isonly implemented for `vectorize=True`.")


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    _check_strategy(strategy, vectorize, create_graph, strict)
    with GradEnabled(True):
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph, need_graph=True)
        outputs = call_function(func, inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "jacobian")
        _check_requires_grad(outputs, "outputs", strict)
        if vectorize and strict:
            raise runtime_error("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not "
                                "supported together. Please either set `strict=False` or `vectorize=False`.")
        result = []
        for i, out in enumerate(outputs):
            jac_i = tuple([] for _ in inputs)
            n = int(out.data.size)
            CONTEXT.check_size(n * sum(int(x.data.size) for x in inputs), "Jacobian")
            flat = reshape(out, -1) if n else None
            for j in range(n):
                vj = _autograd_grad((getitem(flat, j),), inputs, retain_graph=True, create_graph=create_graph)
                for el_idx, (jac_el, vj_el, inp_el) in enumerate(zip(jac_i, vj, inputs)):
                    if vj_el is not None:
                        if strict and create_graph and not vj_el.requires_grad:
                            raise runtime_error(f"The jacobian of the user-provided function is independent of "
                                                f"input {i}. This is not allowed in strict mode when "
                                                "create_graph=True.")
                        jac_el.append(vj_el)
                    else:
                        if strict:
                            raise runtime_error(f"Output {i} of the user-provided function is independent of "
                                                f"input {el_idx}. This is not allowed in strict mode.")
                        jac_el.append(zeros_like(inp_el))
            result.append(tuple(_stacked(jac_el, out, inputs[el_idx]) for el_idx, jac_el in enumerate(jac_i)))
        result = _grad_postprocess(tuple(result), create_graph)
        return _tuple_postprocess(result, is_outputs_tuple, is_inputs_tuple)


def _stacked(rows, out, inp):
    return view(stack(rows, 0), tuple(out.shape) + tuple(inp.shape))


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise GradcliError("AssertionError", 'Expected strategy to be either "forward-mode" or "reverse-mode".')

    def single_output(*inp):
        out = call_function(func, inp)
        is_out_tuple, t_out = _as_tuple(out, "outputs of the user-provided function", "hessian")
        _check_requires_grad(t_out, "outputs", strict)
        if is_out_tuple:
            raise runtime_error("The function given to hessian should return a single Tensor")
        if out.data.size != 1:
            raise runtime_error("The Tensor returned by the function given to hessian should contain a single "
                                "element")
        return squeeze(out)

    def jac_func(*inp):
        jac = jacobian(Inner(single_output), inp, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        return jac

    res = jacobian(Inner(jac_func), inputs, create_graph=create_graph, strict=strict, vectorize=vectorize,
                   strategy=outer_jacobian_strategy)
    return _tuple_postprocess(res, is_inputs_tuple, is_inputs_tuple)


def _prepare_v(v, ref, is_ref_tuple, create_graph, fn_name, none_message):
    if v is not None:
        _, v = _as_tuple(v, "v", fn_name)
        v = _grad_preprocess(v, create_graph, need_graph=False)
        _validate_v(v, ref, is_ref_tuple)
        return v
    if len(ref) != 1 or ref[0].data.size != 1:
        raise runtime_error(none_message)
    return None


_V_NONE_INPUT = ("The vector v can only be None if the input to the user-provided function is a single Tensor "
                 "with a single element.")


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    with GradEnabled(True):
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _grad_preprocess(inputs, create_graph, need_graph=True)
        outputs = call_function(func, inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "vjp")
        _check_requires_grad(outputs, "outputs", strict)
        v = _prepare_v(v, outputs, is_outputs_tuple, create_graph, "vjp",
                       "The vector v can only be None if the user-provided function returns a single Tensor "
                       "with a single element.")
    with GradEnabled(True if create_graph else AG.GRAD_MODE.enabled):
        grad_res = _autograd_grad(outputs, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "back")
    return _finish(outputs, result, create_graph, is_outputs_tuple, is_inputs_tuple)


def _finish(outputs, result, create_graph, is_outputs_tuple, is_inputs_tuple):
    """The (outputs, result) pair every vector-product function returns."""
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(result, is_inputs_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    with GradEnabled(True):
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _grad_preprocess(inputs, create_graph, need_graph=True)
        v = _prepare_v(v, inputs, is_inputs_tuple, create_graph, "jvp", _V_NONE_INPUT)
        outputs = call_function(func, inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", "jvp")
        _check_requires_grad(outputs, "outputs", strict)
        grad_outputs = tuple(zeros_like(out, requires_grad=True) for out in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, grad_outputs, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict)
    with GradEnabled(True if create_graph else AG.GRAD_MODE.enabled):
        grad_res = _autograd_grad(grad_inputs, grad_outputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, outputs, strict, create_graph, "back_trick")
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(result, is_outputs_tuple)


def _second_order(fn_name, func, inputs, v, create_graph, strict):
    """The common start of hvp and vhp: (flags, inputs, v, outputs, first derivatives)."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", fn_name)
    inputs = _grad_preprocess(inputs, create_graph, need_graph=True)
    v = _prepare_v(v, inputs, is_inputs_tuple, create_graph, fn_name, _V_NONE_INPUT)
    outputs = call_function(func, inputs)
    is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", fn_name)
    _check_requires_grad(outputs, "outputs", strict)
    if is_outputs_tuple:
        raise runtime_error(f"The function given to {fn_name} should return a single Tensor")
    if outputs[0].data.size != 1:
        raise runtime_error(f"The Tensor returned by the function given to {fn_name} should contain a single "
                            "element")
    jac = _autograd_grad(outputs, inputs, create_graph=True)
    _check_requires_grad(jac, "jacobian", strict)
    return is_outputs_tuple, is_inputs_tuple, inputs, v, outputs, jac


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    with GradEnabled(True):
        is_outputs_tuple, is_inputs_tuple, inputs, v, outputs, jac = _second_order(
            "vhp", func, inputs, v, create_graph, strict)
    with GradEnabled(True if create_graph else AG.GRAD_MODE.enabled):
        grad_res = _autograd_grad(jac, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back")
    return _finish(outputs, result, create_graph, is_outputs_tuple, is_inputs_tuple)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    with GradEnabled(True):
        is_outputs_tuple, is_inputs_tuple, inputs, v, outputs, jac = _second_order(
            "hvp", func, inputs, v, create_graph, strict)
        grad_jac = tuple(zeros_like(inp, requires_grad=True) for inp in inputs)
        double_back = _autograd_grad(jac, inputs, grad_jac, create_graph=True)
        _check_requires_grad(jac, "hessian", strict)
    with GradEnabled(True if create_graph else AG.GRAD_MODE.enabled):
        grad_res = _autograd_grad(double_back, grad_jac, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back_trick")
    return _finish(outputs, result, create_graph, is_outputs_tuple, is_inputs_tuple)


FUNCTIONAL = {"jacobian": jacobian, "hessian": hessian, "vjp": vjp, "jvp": jvp, "hvp": hvp, "vhp": vhp}
