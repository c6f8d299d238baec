"""Devices and ``out=``: ``torch.device``, ``device=`` arguments, ``.cpu()``,
``.cuda()``, and writing a function's result into an ``out=`` tensor, with
PyTorch's errors and warnings. gradcli computes on the CPU only."""
from __future__ import annotations

import numpy as np

from ..engine import autograd as AG
from ..engine import dtypes as D
from ..engine.context import CONTEXT
from ..engine.tensor import CPU, Device, Tensor
from ..errors import GradcliError, runtime_error, type_error
from .keyword_order import keyword_order
from .operands import NOT_GIVEN, type_name

_KNOWN = ("cpu", "cuda", "mps", "xpu", "meta", "hip", "xla", "vulkan", "ipu", "mtia", "privateuseone")


def torch_device(type=None, index=None):
    """``torch.device('cpu')``, ``torch.device('cuda:0')``, ``torch.device('cuda', 0)``."""
    if isinstance(type, Device):
        return type
    if isinstance(type, int) and not isinstance(type, bool):
        # NOTE: a bare number is an index on the accelerator, which gradcli has not.
        raise runtime_error("Cannot access accelerator device when none is available.")
    if not isinstance(type, str):
        raise type_error(f"device() received an invalid combination of arguments - got ({type_name(type)})")
    name, _, num = type.partition(":")
    if name not in _KNOWN:
        raise runtime_error(f"Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, "
                            f"maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of "
                            f"device string: {type}")
    if num:
        index = int(num) if num.isdigit() else index
    return Device(name, index)


def check_device(device):
    """Accept ``None``, ``'cpu'`` and ``torch.device('cpu')``; any other device is an error."""
    if device is None:
        return
    d = torch_device(device) if isinstance(device, (str, Device)) else None
    if d is None:
        raise type_error(f"expected a device, got {type_name(device)}")
    if d.type != "cpu":
        raise GradcliError("AssertionError", "Torch not compiled with CUDA enabled" if d.type == "cuda"
                           else f"gradcli does not support the {d.type} device",
                           hint="gradcli computes on the CPU only: use device='cpu' or leave device out")


# ***** .to(...) *****

_TO_EXPECTED = (
    " * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, *, "
    "torch.memory_format memory_format = None)\n"
    " * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n"
    " * (Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n")


def _device_like(v):
    return v is None or isinstance(v, (str, Device, int))


def _flag(v):
    return isinstance(v, bool)


# PyTorch's three forms of Tensor.to (nn.Module.to parses the same), in the
# order its argument parser tries them: per parameter its name and the values
# it takes; the first parameter of the second and third forms is required.
_TO_FORMS = (
    (False, (("device", _device_like), ("dtype", lambda v: v is None or isinstance(v, D.DType)),
             ("non_blocking", _flag), ("copy", _flag))),
    (True, (("dtype", lambda v: isinstance(v, D.DType)), ("non_blocking", _flag), ("copy", _flag))),
    (True, (("tensor", lambda v: type(v) is Tensor), ("non_blocking", _flag), ("copy", _flag))),
)


def _bind_form(form, args, kwargs):
    """The arguments bound to one form of ``to``, or None if they do not fit it."""
    required, params = form
    if len(args) > len(params):
        return None
    names = [name for name, _ in params]
    bound = dict(zip(names, args))
    for k, v in kwargs.items():
        if k == "memory_format" and v is None:
            continue
        if k not in names or k in bound:
            return None
        bound[k] = v
    if required and names[0] not in bound:
        return None
    ok = dict(params)
    return bound if all(ok[k](v) for k, v in bound.items()) else None


def argument_types(args, kwargs) -> str:
    """PyTorch's "got (...)" in an invalid-combination error: the types of
    the arguments, then the keywords in the order PyTorch's parser lists
    them (``keyword_order``; a lone keyword list keeps its trailing comma)."""
    parts = [type_name(a) for a in args]
    keywords = "".join(f"{k}={type_name(kwargs[k])}, " for k in keyword_order(list(kwargs)))
    text = ", ".join(parts + ([keywords[:-2]] if keywords and parts else []))
    return f"({text if parts else keywords})"


def invalid_combination(name, args, kwargs, options) -> GradcliError:
    """PyTorch's TypeError for a call that none of its overloads takes:
    ``format_invalid_args`` of torch/csrc/utils/invalid_arguments.cpp
    replayed over ``options``, the overloads as PyTorch prints them
    ("(Tensor input, bool unbiased = True)").

    NOTE: PyTorch reads each printed overload back by splitting it at ", "
    and taking the last word of each part as its name: ``*`` counts as a
    parameter, and one with a default is named after the default ("True"),
    so it matches no keyword and no type. It notes why an overload did not
    match only where the count of arguments equals its count of parts."""
    order = keyword_order(list(kwargs))
    lines = [f"{name}() received an invalid combination of arguments - got {argument_types(args, kwargs)}, "
             "but expected one of:"]
    for option in options:
        lines.append(f" * {option}")
        params = [_parsed_parameter(p) for p in option[1:-1].split(", ")]
        if len(args) + len(kwargs) != len(params):
            continue
        named = {n for _, n in params[max(len(params) - len(kwargs), 0):]}
        unmatched = [k for k in order if k not in named]
        if unmatched:
            lines.append("      didn't match because some of the keywords were incorrect: " + ", ".join(unmatched))
            continue
        given = list(args) + [kwargs[n] for _, n in params[len(args):len(args) + len(kwargs)]]
        shown = []
        for i, v in enumerate(given):
            text = (f"{params[i][1]}=" if i >= len(args) else "") + _sequence_type(v)
            shown.append(text if _type_matches(params[i][0], v) else f"!{text}!")
        lines.append("      didn't match because some of the arguments have invalid types: "
                     f"({', '.join(shown)}{', ' if not args and shown else ''})")
    return type_error("\n".join(lines) + "\n")


def _parsed_parameter(text):
    """(type, name) of one printed parameter as PyTorch parses it back."""
    cut = text.rfind(" ")
    return (text, text) if cut < 0 else (text[:cut], text[cut + 1:])


def _type_matches(type_text, value) -> bool:
    got = type_name(value)
    if type_text == "float":
        return got in ("float", "int")
    return got == type_text


def _sequence_type(value) -> str:
    """A value's type as PyTorch's message shows it: a tuple or list with
    the types of its items."""
    if isinstance(value, (tuple, list)) and type(value) in (tuple, list):
        inner = ", ".join(type_name(v) for v in value)
        return f"tuple of ({inner}{',' if len(value) == 1 else ''})" if type(value) is tuple else f"list of [{inner}]"
    return type_name(value)


def to_arguments(args, kwargs):
    """The ``(device, dtype, copy)`` that ``Tensor.to`` and ``nn.Module.to``
    ask for, from any of PyTorch's forms: ``to(device=None, dtype=None,
    non_blocking=False, copy=False)``, ``to(dtype, ...)``, ``to(tensor,
    ...)`` (its device and dtype); ``copy`` is None when not given. A device
    other than the CPU is an error."""
    if len(args) > 4:
        raise type_error(f"to() takes from 0 to 4 positional arguments but {len(args)} were given")
    for form in _TO_FORMS:
        bound = _bind_form(form, args, kwargs)
        if bound is not None:
            break
    else:
        raise type_error(f"to() received an invalid combination of arguments - got {argument_types(args, kwargs)}, "
                         f"but expected one of:\n{_TO_EXPECTED}")
    other = bound.get("tensor")
    device = torch_device(bound["device"]) if bound.get("device") is not None else None
    check_device(device)
    dtype = other.dtype if other is not None else bound.get("dtype")
    return device, dtype, bound.get("copy")


def call_bound(fn, name, args, kwargs):
    """``fn(*args, **kwargs)`` from a wrapper: an error in binding the
    arguments is the script's TypeError, in PyTorch's words."""
    try:
        return fn(*args, **kwargs)
    except TypeError as e:
        tb = e.__traceback__
        if tb is not None and tb.tb_next is None:
            raise type_error(str(e).replace(f"{getattr(fn, '__name__', name)}()", f"{name}()")) from None
        raise


def on_cpu(fn):
    """``fn`` with its ``device=`` argument checked."""
    def call(*args, **kwargs):
        if "device" in kwargs:
            check_device(kwargs["device"])
        return call_bound(fn, call.__name__, args, kwargs)
    call.__name__ = call.__qualname__ = getattr(fn, "__name__", "call")
    return call


def cpu(self, memory_format=None):
    return self


def cuda(self, device=None, non_blocking=False, memory_format=None):
    check_device("cuda")


def device_of(t):
    return CPU


# ***** out= *****

def write_out(out, result, name, required=None, grad_name=None, bool_only=False):
    """Write ``result`` into ``out`` as PyTorch's out= does (resizing it with
    its warning unless it is empty or has the ``required`` shape, by default
    the result's), and return ``out``. ``grad_name``: the function PyTorch's
    error names when an argument requires grad (by default ``name``);
    ``bool_only``: ``out`` must be a bool tensor (all, any)."""
    if type(out) is not Tensor:
        raise type_error(f"{name}(): argument 'out' must be Tensor, not {type_name(out)}")
    if bool_only and out.data.dtype != np.bool_:
        raise runtime_error(f"{name} only supports bool tensor for result, got: "
                            f"{D.of_array(out.data).torch_type[:-6]}")
    if AG.GRAD_MODE.enabled and (result.requires_grad or out.requires_grad):
        raise out_grad_error(grad_name or name)
    src, want = D.of_array(result.data), D.of_array(out.data)
    if src.category > want.category or (src.category == want.category == 1 and want.np == np.bool_):
        raise runtime_error(f"result type {src.torch_type[:-6]} can't be cast to the desired output type "
                            f"{want.torch_type[:-6]}")
    if required is None:
        required = result.data.shape
    if out.data.size and out.data.shape != required:
        CONTEXT.warning(
            f"An output with one or more elements was resized since it had shape {list(out.data.shape)}, "
            f"which does not match the required output shape {list(required)}. This behavior is "
            "deprecated, and in a future PyTorch release outputs will not be resized unless they have zero "
            "elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
            "with t.resize_(0). (Triggered internally at "
            "/__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)")
    if out.data.shape != result.data.shape:
        out.data = result.data.astype(out.data.dtype, copy=True)
    else:
        np.copyto(out.data, result.data, casting="unsafe")
    out.bump_version()
    return out


def out_grad_error(name):
    return runtime_error(f"{name}(): functions with out=... arguments don't support automatic "
                         "differentiation, but one of the arguments requires grad.")


def check_out_dtype(out, dtype):
    """PyTorch's check of an out= tensor where the op writes only its own
    dtype (a structured kernel's ``resize_out``)."""
    if out.dtype is not dtype:
        raise runtime_error(f"Expected out tensor to have dtype {dtype.c_name}, but got {out.dtype.c_name} instead")


def with_out(fn, name, out_shape=None, grad_name=None, bool_only=False, sees_out=False):
    """``fn`` that also takes ``out=`` (the torch.f form); ``out_shape(args,
    kwargs, result)``: the shape ``out`` must have for no resize warning,
    where that is not the result's; ``grad_name``, ``bool_only``: see
    ``write_out``; ``sees_out``: ``fn`` is given ``out`` too, when the call
    gives it (its argument parsing counts it, as PyTorch's does)."""
    def call(*args, **kwargs):
        # NOTE: out= stays where the call put it for fn that sees it (the
        # order of the keywords in its errors is PyTorch's order of them)
        out = kwargs.get("out", NOT_GIVEN) if sees_out else kwargs.pop("out", NOT_GIVEN)
        result = call_bound(fn, name, args, kwargs)
        if out is None or out is NOT_GIVEN:
            return result
        required = None if out_shape is None else out_shape(args, kwargs, result)
        return write_out(out, result, name, required, grad_name, bool_only)
    call.__name__ = call.__qualname__ = name
    call.__wrapped__ = fn
    return call
