"""``torch.autograd.gradcheck`` and ``gradgradcheck``: PyTorch's slow-mode
check of a script's function, with its numbers and messages — central
differences (``eps``) against the analytical Jacobian from reverse passes,
compared with ``allclose(analytical, numerical, rtol, atol)``; on a
mismatch, ``GradcheckError`` (or False when ``raise_exception=False``)."""
from __future__ import annotations

import numpy as np

from ..engine import autograd as AG
from ..engine.tensor import Tensor
from ..errors import GradcliError, value_error
from .create import zeros_like
from .functional_autograd import GradEnabled, Inner, call_function
from .operands import python_format

GRADCHECK_ERROR = "torch.autograd.gradcheck.GradcheckError"


def _gradcheck_error(message: str) -> GradcliError:
    return GradcliError(GRADCHECK_ERROR, message)


def _as_tuple(x):
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _differentiable(outputs):
    return tuple(o for o in _as_tuple(outputs) if type(o) is Tensor and o.requires_grad)


def _numerical(func, inputs, eps):
    """Per input that requires grad: per output, the (input elements x
    output elements) matrix of central differences, in the output's dtype."""
    jacobians = []
    for x in inputs:
        if type(x) is not Tensor or not x.requires_grad:
            continue
        per_output = None
        for k in range(x.data.size):
            idx = np.unravel_index(k, x.data.shape)
            orig = x.data[idx].copy()
            step = np.asarray(eps, dtype=x.data.dtype)
            x.data[idx] = orig - step
            outa = [np.array(o.data, copy=True) for o in _as_tuple(call_function(func, inputs)) if type(o) is Tensor]
            x.data[idx] = orig + step
            outb = [np.array(o.data, copy=True) for o in _as_tuple(call_function(func, inputs)) if type(o) is Tensor]
            x.data[idx] = orig
            if per_output is None:
                per_output = [np.zeros((x.data.size, a.size), dtype=a.dtype) for a in outa]
            for m, a, b in zip(per_output, outa, outb):
                m[k] = ((b - a) / np.asarray(2 * eps, dtype=a.dtype)).reshape(-1)
        jacobians.append(per_output or [])
    return jacobians


def _analytical(inputs, output):
    """Per input that requires grad, the (input elements x output elements)
    matrix of reverse-pass gradients, in the input's dtype."""
    diff = [x for x in inputs if type(x) is Tensor and x.requires_grad]
    mats = [np.zeros((x.data.size, output.data.size), dtype=x.data.dtype) for x in diff]
    n = output.data.size
    for j in range(n):
        onehot = np.zeros(n, dtype=output.data.dtype)
        onehot[j] = 1
        grads = AG.grad([output], diff, [Tensor(onehot.reshape(output.shape))], True, False, True)
        for m, x, g in zip(mats, diff, grads):
            if g is None:
                continue
            if g.shape != x.shape:
                raise _gradcheck_error("Analytical gradient has incorrect size")
            if g.data.dtype != x.data.dtype:
                raise _gradcheck_error("Gradient has dtype mismatch")
            m[:, j] = g.data.reshape(-1)
    return mats


def _allclose(a, n, rtol, atol) -> bool:
    dt = np.promote_types(a.dtype, n.dtype)
    a, n = a.astype(dt), n.astype(dt)
    with np.errstate(invalid="ignore"):
        return bool(np.all(np.abs(a - n) <= atol + rtol * np.abs(n)))


def _slow_check(func, inputs, eps, atol, rtol):
    if not any(type(x) is Tensor and x.requires_grad for x in inputs):
        raise value_error("gradcheck expects at least one input tensor to require gradient, but none of them "
                          "have requires_grad=True.")
    func_out = _as_tuple(call_function(func, inputs))
    outputs = _differentiable(func_out)
    numerical = _numerical(func, inputs, eps)
    if not outputs:
        for per_input in numerical:
            for m in per_input:
                if np.any(m != 0):
                    raise _gradcheck_error("Numerical gradient for function expected to be zero")
        return True
    # per output (requiring grad) the list over inputs
    keep = [i for i, o in enumerate(o for o in func_out if type(o) is Tensor) if o.requires_grad]
    by_output = [[per_input[i] for per_input in numerical] for i in keep]
    for i, o in enumerate(outputs):
        analytical = _analytical(inputs, o)
        for j, (a, n) in enumerate(zip(analytical, by_output[i])):
            if not _allclose(a, n, rtol, atol):
                raise _gradcheck_error(f"Jacobian mismatch for output {i} with respect to input {j},\n"
                                       f"numerical:{python_format(Tensor(n))}\nanalytical:{python_format(Tensor(a))}\n")
    _backward_mul_by_grad_output(outputs, inputs)
    return True


def _backward_mul_by_grad_output(outputs, inputs):
    diff = [x for x in inputs if type(x) is Tensor and x.requires_grad]
    grads = AG.grad(list(outputs), diff, [zeros_like(o) for o in outputs], None, False, True)
    for g, x in zip(grads, diff):
        if g is None:
            continue
        if np.any(g.data != 0):
            raise _gradcheck_error("backward not multiplied by grad_output")
        if g.data.dtype != x.data.dtype:
            raise _gradcheck_error("grad is incorrect type")
        if g.shape != x.shape:
            raise _gradcheck_error("grad is incorrect size")


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, nondet_tol=0.0,
              check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
              check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True,
              fast_mode=False, masked=None):
    """PyTorch's ``gradcheck``; ``fast_mode`` runs the same (slow) check."""
    inputs = _as_tuple(inputs)
    with GradEnabled(True):
        try:
            return _slow_check(func, inputs, eps, atol, rtol)
        except GradcliError as e:
            if e.kind == GRADCHECK_ERROR and not raise_exception:
                return False
            raise


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False, masked=False):
    """PyTorch's ``gradgradcheck``: ``gradcheck`` of the function's
    gradients (random grad_outputs from the generator, as PyTorch draws them)."""
    from .create import requires_grad_
    from .random import randn_like
    inputs = _as_tuple(inputs)
    with GradEnabled(True):
        if grad_outputs is None:
            outs = _differentiable(call_function(func, inputs))
            grad_outs = tuple(requires_grad_(randn_like(o)) for o in outs)
        else:
            grad_outs = _as_tuple(grad_outputs)
    n_out = len(grad_outs)
    diff_inputs = {i for i, x in enumerate(inputs) if type(x) is Tensor and x.requires_grad}
    diff_grads = {i for i, g in enumerate(grad_outs) if g.requires_grad}

    def new_func(*args):
        input_args = tuple(requires_grad_(x) if i in diff_inputs else x for i, x in enumerate(args[:-n_out]))
        outputs = _differentiable(call_function(func, input_args))
        gos = [requires_grad_(g) if i in diff_grads else g for i, g in enumerate(args[-n_out:])]
        diff_args = [x for i, x in enumerate(input_args) if i in diff_inputs]
        grads = AG.grad(list(outputs), diff_args, gos, None, True, True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(Inner(new_func), inputs + grad_outs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)


CHECKS = {"gradcheck": gradcheck, "gradgradcheck": gradgradcheck}
