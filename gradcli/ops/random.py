"""PyTorch's random functions for scripts: ``torch.manual_seed``, ``rand``,
``randn``, ``randint``, ``randperm``, ``normal``, ``bernoulli``,
``multinomial``, the in-place ``uniform_ normal_ random_ bernoulli_
exponential_``, ``F.dropout`` and ``torch.Generator`` — with PyTorch's
argument names, defaults and error messages.

The numbers come from ``engine/distributions.py`` (PyTorch's stream, bit for
bit); the name tables at the end (``RANDOM_TORCH``, ``RANDOM_METHODS``,
``RANDOM_FUNCTIONAL``) are what the ``torch`` namespace and tensors offer.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import distributions as dist
from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.context import CONTEXT
from ..engine.generator import MASK64, Generator, fold_seed
from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error, type_error, value_error
from .arith import mul
from .device import argument_types, check_device, with_out
from .operands import as_index, bool_option, broadcast_shape, int_list, no_negative, type_name
from .oprow import Op

# ***** generators and seeds *****


def new_generator(device="cpu") -> Generator:
    """``torch.Generator()``: a fresh stream at PyTorch's default seed."""
    check_device(device)
    return Generator()


class DefaultGenerator:
    """``torch.default_generator``: stands for the script's own generator
    (``CONTEXT.generator()``, made afresh for each script)."""
    __slots__ = ()
    display_name = "torch._C.Generator"


DEFAULT_GENERATOR = DefaultGenerator()


def generator_of(generator) -> Generator:
    """The generator a ``generator=`` argument names (the script's own for None)."""
    if generator is None or generator is DEFAULT_GENERATOR:
        return CONTEXT.generator()
    if not isinstance(generator, Generator):
        raise type_error(f"generator must be a torch.Generator, not {type_name(generator)}")
    return generator


def _seed_value(seed) -> int:
    if isinstance(seed, Tensor) and seed.data.size == 1:
        seed = seed.data.reshape(()).item()
    if isinstance(seed, str):
        try:
            seed = int(seed)
        except ValueError:
            raise value_error(f"invalid literal for int() with base 10: {seed!r}") from None
    if not isinstance(seed, (bool, int, float)):
        raise type_error(f"int() argument must be a string, a bytes-like object or a real number, "
                         f"not '{type_name(seed)}'")
    try:
        return fold_seed(seed)
    except ValueError as e:
        raise value_error(str(e)) from None


def manual_seed(seed) -> Generator:
    gen = CONTEXT.generator()
    gen.manual_seed(_seed_value(seed))
    return gen


def initial_seed() -> int:
    return CONTEXT.generator().initial_seed()


def reseed(gen: Generator) -> int:
    """``torch.seed()``: PyTorch picks a non-deterministic seed; gradcli takes
    the next 64-bit draw of the stream, so runs stay reproducible."""
    seed = int(gen.u64(1)[0]) & MASK64
    gen.manual_seed(seed)
    return seed


def seed() -> int:
    return reseed(CONTEXT.generator())


def generator_manual_seed(gen: Generator, seed) -> Generator:
    # NOTE: Generator.manual_seed takes ints only; torch.manual_seed calls int() first.
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise runtime_error(f"manual_seed expected a long, but got {type_name(seed)}")
    gen.manual_seed(_seed_value(seed))
    return gen


def get_rng_state():
    """An opaque state tensor (gradcli's own layout, not PyTorch's bytes)."""
    return Tensor(_pack_state(CONTEXT.generator().get_state()))


def set_rng_state(new_state):
    CONTEXT.generator().set_state(_unpack_state(new_state))


def _pack_state(state) -> np.ndarray:
    initial, key, pos, cached = state
    head = np.array([initial, pos, cached is not None], dtype=np.uint64).view(np.uint8)
    tail = np.array([cached if cached is not None else 0.0], dtype=np.float64).view(np.uint8)
    return np.concatenate([head, key.astype(np.uint32).view(np.uint8), tail])


def _unpack_state(t):
    if type(t) is not Tensor or t.data.dtype != np.uint8 or t.data.size != 24 + 624 * 4 + 8:
        raise runtime_error("set_rng_state expects a state from torch.get_rng_state()")
    raw = np.ascontiguousarray(t.data.ravel())
    initial, pos, has = raw[:24].view(np.uint64).tolist()
    key = raw[24:24 + 2496].view(np.uint32).copy()
    cached = float(raw[-8:].view(np.float64)[0]) if has else None
    return (initial, key, pos, cached)


# ***** arguments *****

def _sizes(fn: str, size) -> tuple:
    """``*size`` as varargs, a tuple/list or a torch.Size, PyTorch's errors."""
    size = no_negative(int_list(fn, "size", size))
    CONTEXT.check_size(math.prod(size))          # exact: no int64 wrap-around
    return size


def _dtype(dtype, default=None) -> D.DType:
    dt = (default or D.DEFAULT_FLOAT) if dtype is None else dtype
    if not isinstance(dt, D.DType):
        raise type_error(f"dtype must be a torch.dtype (got {type_name(dt)})")
    return dt


def _short(dt: D.DType) -> str:
    return dt.torch_type[:-6]


def _float_only(kernel: str, dt: D.DType):
    if dt.category != 2:
        raise GradcliError("NotImplementedError", f"\"{kernel}\" not implemented for '{_short(dt)}'")


def _new(arr: np.ndarray, shape, requires_grad=False) -> Tensor:
    t = Tensor(np.ascontiguousarray(arr).reshape(shape))
    if requires_grad:
        if t.data.dtype.kind != "f":
            raise runtime_error("Only Tensors of floating point and complex dtype can require gradients")
        t.requires_grad = True
    return t


def _numel(shape) -> int:
    return math.prod(shape)


# ***** factories *****

_RANDINT_TAIL = ("torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
                 "bool pin_memory = False, bool requires_grad = False)")
_SIZE_OVERLOADS = "".join(
    f" * (tuple of ints size, *, {gen}Tensor out = None, {_RANDINT_TAIL}\n"
    for gen in ("torch.Generator generator, ", ""))
# (fewest, most) arguments each overload PyTorch shows takes: with a
# generator (a keyword it must be given) and without
_SIZE_COUNTS = ((2, 8), (1, 7))
_FACTORY_OPTIONS = frozenset(("dtype", "device", "requires_grad", "pin_memory", "layout"))
_SIZE_KEYWORDS = _FACTORY_OPTIONS | {"generator", "out"}      # out: written by device.with_out


def _bad_option(kw: dict):
    """The factory keyword whose value no overload takes (``requires_grad``
    other than a bool or None), or None."""
    v = kw.get("requires_grad")
    return None if v is None or type(v) is bool else "requires_grad"


def _fitting(overloads, counts, given: int) -> list:
    """The ``overloads`` whose (fewest, most) ``counts`` take ``given`` arguments.

    NOTE: PyTorch's argument parser, when no overload fits a call, names the
    problem with the one overload that takes as many arguments as the call
    gave (a missing size, say), and lists every overload otherwise."""
    return [o for o, (lo, hi) in zip(overloads, counts) if lo <= given <= hi]


def _size_call(fn: str, size: tuple, kw: dict) -> tuple:
    """``(size, keywords)`` of a ``rand``/``randn`` call (the size given
    as ints, as one sequence, or as ``size=``), or PyTorch's error."""
    unknown = [k for k in kw if k not in _SIZE_KEYWORDS and k != "size"]
    given = len(size) + len(kw)                 # PyTorch counts each int of a size given as ints
    bad = _bad_option(kw)
    if not unknown and not bad and bool(size) != ("size" in kw):
        # NOTE: ints one by one only from an int first (else no overload fits)
        if size and (len(size) == 1 or as_index(size[0]) is not None):
            return size, kw
        if not size and isinstance(kw["size"], (tuple, list)):
            kw = dict(kw)
            return (int_list(fn, "size", (), kw.pop("size")),), kw
    fits = _fitting(_SIZE_COUNTS, _SIZE_COUNTS, given)
    if len(fits) == 1 and not (size and "size" in kw):
        # NOTE: that overload's parameters in order: the size, then (with a
        # generator) the generator, then no keyword it does not know
        if not size and "size" not in kw:
            raise type_error(f'{fn}() missing 1 required positional arguments: "size"')
        if not size and not isinstance(kw["size"], (tuple, list)):
            raise type_error(f"{fn}(): argument 'size' must be tuple of ints, not {type_name(kw['size'])}")
        if fits[0] == _SIZE_COUNTS[0] and "generator" not in kw:
            raise type_error(f'{fn}() missing 1 required positional arguments: "generator"')
        if bad:
            bool_option(fn, bad, kw[bad])
        if unknown:
            raise type_error(f"{fn}() got an unexpected keyword argument '{unknown[0]}'")
    raise type_error(f"{fn}() received an invalid combination of arguments - got {argument_types(size, kw)}, "
                     f"but expected one of:\n{_SIZE_OVERLOADS}")


def rand(*size, **kw):
    size, kw = _size_call("rand", size, kw)
    kw.pop("out", None)
    return _rand(size, **kw)


def _rand(size, generator=None, dtype=None, device=None, requires_grad=False, pin_memory=False, layout=None):
    check_device(device)
    shape = _sizes("rand", size)
    dt = _dtype(dtype)
    _float_only("check_uniform_bounds", dt)
    return _new(dist.uniform(generator_of(generator), _numel(shape), dt.np), shape, requires_grad)


def randn(*size, **kw):
    size, kw = _size_call("randn", size, kw)
    kw.pop("out", None)
    return _randn(size, **kw)


def _randn(size, generator=None, dtype=None, device=None, requires_grad=False, pin_memory=False, layout=None):
    check_device(device)
    shape = _sizes("randn", size)
    dt = _dtype(dtype)
    _float_only("normal_kernel_cpu", dt)
    return _new(dist.normal(generator_of(generator), _numel(shape), dt.np), shape, requires_grad)


_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


_RANDINT_OVERLOADS = "".join(
    f" * ({head}, *, {gen}Tensor out = None, {_RANDINT_TAIL}\n"
    for head in ("int high, tuple of ints size", "int low, int high, tuple of ints size")
    for gen in ("torch.Generator generator, ", ""))


def _check_from_to(lo, hi):
    if lo >= hi:
        raise runtime_error(f"random_ expects 'from' to be less than 'to', but got from={lo} >= to={hi}")


def _int_bound(v):
    if type(v) is Tensor and v.data.size == 1:
        v = v.data.reshape(()).item()
    return int(v) if isinstance(v, np.integer) else v


# randint's overloads as PyTorch shows them: their positional parameters,
# and whether the keyword ``generator`` is among their required ones
_RANDINT_FORMS = ((("high", "size"), True), (("high", "size"), False),
                  (("low", "high", "size"), True), (("low", "high", "size"), False))
_RANDINT_COUNTS = tuple((len(names) + gen, len(names) + gen + 6) for names, gen in _RANDINT_FORMS)


def _bind_randint(form, args, kw, report: bool):
    """``(low, high, size)`` as the overload ``form`` reads the call, or
    None when it does not fit; with ``report``, PyTorch's error for the
    first parameter that does not fit instead (its parser's words)."""
    names, needs_generator = form
    if len(args) > len(names) or ("generator" in kw) != needs_generator and not report:
        return None
    given = {name: (v, pos) for pos, (name, v) in enumerate(zip(names, args), 1)}
    for k, v in kw.items():
        if k in names:
            if k in given:
                return None
            given[k] = (v, None)
        elif k not in _SIZE_KEYWORDS and not report:
            return None
    for name in names:
        if name not in given:
            if report:
                raise type_error(f'randint() missing 1 required positional arguments: "{name}"')
            return None
        v, pos = given[name]
        # NOTE: the parser looks at a size's first element only; the others fail
        # (or pass) as the size is unpacked (_sizes)
        fits = (isinstance(v, (tuple, list)) and (not v or as_index(v[0]) is not None)) if name == "size" \
            else as_index(v) is not None
        if not fits:
            if report:
                if name == "size" and isinstance(v, (tuple, list)) and pos:
                    int_list("randint", "size", (v,), position=pos)         # its error
                where = f" (position {pos})" if pos else ""
                raise type_error(f"randint(): argument '{name}'{where} must be "
                                 f"{'tuple of ints' if name == 'size' else 'int'}, not {type_name(v)}")
            return None
    if _bad_option(kw):
        if not report:
            return None
        bool_option("randint", "requires_grad", kw["requires_grad"])
    for k in kw:
        if k not in names and k not in _SIZE_KEYWORDS:
            raise type_error(f"randint() got an unexpected keyword argument '{k}'")
    low = given["low"][0] if "low" in given else 0
    return low, given["high"][0], given["size"][0]


def randint(*args, **kw):
    for form in _RANDINT_FORMS:
        parsed = _bind_randint(form, args, kw, report=False)
        if parsed is not None:
            break
    else:
        fits = _fitting(_RANDINT_FORMS, _RANDINT_COUNTS, len(args) + len(kw))
        if len(fits) == 1:
            _bind_randint(fits[0], args, kw, report=True)
        raise type_error(f"randint() received an invalid combination of arguments - got "
                         f"{argument_types(args, kw)}, but expected one of:\n{_RANDINT_OVERLOADS}")
    return _randint(parsed, **{k: v for k, v in kw.items() if k not in ("low", "high", "size", "out")})


def _randint(parsed, generator=None, dtype=None, device=None, requires_grad=False, pin_memory=False, layout=None):
    check_device(device)
    lo, hi, shape = _int_bound(parsed[0]), _int_bound(parsed[1]), _sizes("randint", (parsed[2],))
    dt = _dtype(dtype, D.int64)
    return _new(_from_to(generator_of(generator), _numel(shape), lo, hi, dt), shape, requires_grad)


def _from_to(gen, n, lo, hi, dt: D.DType) -> np.ndarray:
    for v in (lo, hi):
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise type_error(f"randint(): argument 'high' must be int, not {type_name(v)}")
    lo, hi = int(lo), int(hi)
    if not (_INT64_MIN <= lo <= _INT64_MAX and _INT64_MIN <= hi <= _INT64_MAX):
        raise value_error("Overflow when unpacking long long")
    _check_from_to(lo, hi)
    return dist.random_from_to(gen, n, hi - lo, lo).astype(dt.np)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False, pin_memory=False, layout=None):
    check_device(device)
    if not isinstance(n, int) or isinstance(n, bool):
        raise type_error(f"randperm(): argument 'n' (position 1) must be int, not {type_name(n)}")
    if n < 0:
        raise runtime_error(f"Trying to create tensor with negative dimension {n}: [{n}]")
    CONTEXT.check_size(n)
    dt = _dtype(dtype, D.int64)
    return _new(dist.permutation(generator_of(generator), n).astype(dt.np), (n,), requires_grad)


def _like_dtype(fn, input, dtype):
    if type(input) is not Tensor:
        raise type_error(f"{fn}(): argument 'input' (position 1) must be Tensor, not {type_name(input)}")
    return _dtype(dtype, input.dtype)


def rand_like(input, *, dtype=None, device=None, requires_grad=False, generator=None, layout=None,
              memory_format=None):
    check_device(device)
    dt = _like_dtype("rand_like", input, dtype)
    # NOTE: any requires_grad is taken as a bool here (PyTorch refuses a non-bool; not modelled)
    return rand(input.shape, generator=generator, dtype=dt, requires_grad=bool(requires_grad))


def randn_like(input, *, dtype=None, device=None, requires_grad=False, generator=None, layout=None,
               memory_format=None):
    check_device(device)
    dt = _like_dtype("randn_like", input, dtype)
    # NOTE: any requires_grad is taken as a bool here (PyTorch refuses a non-bool; not modelled)
    return randn(input.shape, generator=generator, dtype=dt, requires_grad=bool(requires_grad))


def randint_like(input, low=0, high=None, *, dtype=None, device=None, requires_grad=False, generator=None,
                 layout=None, memory_format=None):
    check_device(device)
    dt = _like_dtype("randint_like", input, dtype)
    if high is None:
        low, high = 0, low
    shape = input.shape
    return _new(_from_to(generator_of(generator), _numel(shape), _int_bound(low), _int_bound(high), dt), shape,
                requires_grad)


# ***** normal *****
# NOTE: PyTorch's normal() and bernoulli() are differentiable with zero
# gradients (the sample is not reparameterised). The forward `gradcli check`
# re-runs returns the drawn sample (an attribute of the node), held fixed.

def _zeros(m, g, out, a, b=None, sample=None):
    return m.zeros_like(g)


def _constant(a, b=None, sample=None):
    return sample


# rows without forms: reached only through the functions below
NORMAL_TENSOR_FLOAT = Op("normal", "NormalBackward1", _constant, {"mean": _zeros}, key="normal_tensor_float")
NORMAL_FLOAT_TENSOR = Op("normal", "NormalBackward2", _constant, {"std": _zeros}, key="normal_float_tensor")
NORMAL_TENSOR_TENSOR = Op("normal", "NormalBackward3", _constant, {"mean": _zeros, "std": _zeros},
                          key="normal_tensor_tensor")
BERNOULLI = Op("bernoulli", "BernoulliBackward0", _constant, {"input": _zeros})


def _check_std(std):
    bad = std < 0 if not isinstance(std, np.ndarray) else (std.size and std.min() < 0)
    if bad:
        low = std if not isinstance(std, np.ndarray) else std.min()
        raise runtime_error(f"normal expects std >= 0.0, but found std {_num(low)}")


def _num(v) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else repr(v)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False,
           pin_memory=False, layout=None):
    check_device(device)
    gen = generator_of(generator)
    mt, st = type(mean) is Tensor, type(std) is Tensor
    if not mt and not st:
        if size is None:
            raise type_error(f"normal() received an invalid combination of arguments - got ({type_name(mean)}, "
                             f"{type_name(std)}), but expected one of: (Tensor mean, Tensor std), "
                             "(Tensor mean, float std = 1), (float mean, Tensor std), "
                             "(float mean, float std, tuple of ints size)")
        _check_std(std)
        shape = _sizes("normal", (size,))
        dt = _dtype(dtype)
        _float_only("normal_kernel_cpu", dt)
        return _new(dist.normal(gen, _numel(shape), dt.np, float(mean), float(std)), shape, requires_grad)
    if mt and not st:
        _check_std(float(std))
        dt = mean.dtype
        z = dist.normal(gen, mean.data.size, dt.np, 0.0, float(std)).reshape(mean.shape)
        out = z + mean.data
        return record(NORMAL_TENSOR_FLOAT, (mean,), {"sample": out}, out)
    _check_std(std.data)
    if not mt:
        dt = std.dtype
        z = dist.normal(gen, std.data.size, dt.np).reshape(std.shape)
        out = z * std.data + std.data.dtype.type(mean)
        return record(NORMAL_FLOAT_TENSOR, (std,), {"sample": out}, out)
    shape = broadcast_shape(mean.shape, std.shape)
    z = dist.normal(gen, _numel(shape), mean.dtype.np).reshape(shape)
    out = (z * std.data).astype(mean.dtype.np) + mean.data
    return record(NORMAL_TENSOR_TENSOR, (mean, std), {"sample": out}, out)


# ***** Bernoulli, multinomial *****

def bernoulli(input, p=None, *, generator=None):
    if type(input) is not Tensor:
        raise type_error(f"bernoulli(): argument 'input' must be Tensor, not {type_name(input)}")
    gen = generator_of(generator)
    if p is not None:
        return Tensor(_bernoulli_scalar(gen, input, p))
    probs = input.data
    if probs.dtype.kind != "f":
        _float_only("bernoulli_tensor_cpu_p_", input.dtype)
    if probs.size and (np.isnan(probs).any() or probs.min() < 0 or probs.max() > 1):
        raise runtime_error("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error "
                            "message be improved?  If so, please report an enhancement request to PyTorch.)")
    out = dist.bernoulli_tensor(gen, probs).astype(probs.dtype)
    return record(BERNOULLI, (input,), {"sample": out}, out)


def _bernoulli_scalar(gen, t: Tensor, p) -> np.ndarray:
    p = float(p)
    if not 0 <= p <= 1:
        raise runtime_error(f"bernoulli_ expects p to be in [0, 1], but got p={_num(p)}")
    return dist.bernoulli_scalar(gen, t.data.size, p).astype(t.data.dtype).reshape(t.shape)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    if type(input) is not Tensor:
        raise type_error(f"multinomial(): argument 'input' must be Tensor, not {type_name(input)}")
    probs = input.data
    if probs.ndim not in (1, 2):
        raise runtime_error("prob_dist must be 1 or 2 dim")
    if probs.dtype.kind != "f":
        raise runtime_error("multinomial only supports floating-point dtypes for input")
    if not isinstance(num_samples, int) or isinstance(num_samples, bool):
        raise type_error(f"multinomial(): argument 'num_samples' (position 2) must be int, not "
                         f"{type_name(num_samples)}")
    if num_samples <= 0:
        raise runtime_error("cannot sample n_sample <= 0 samples")
    rows = probs.reshape(-1, probs.shape[-1])
    if not replacement and num_samples > rows.shape[1]:
        raise runtime_error("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if rows.size and (not np.isfinite(rows).all() or rows.min() < 0):
        raise runtime_error("probability tensor contains either `inf`, `nan` or element < 0")
    if (rows.sum(axis=1) == 0).any():
        raise runtime_error("invalid multinomial distribution (sum of probabilities <= 0)")
    CONTEXT.check_size(rows.shape[0] * max(num_samples, rows.shape[1]))
    gen = generator_of(generator)
    if not replacement or num_samples == 1:
        # NOTE: PyTorch samples without replacement as argmax/topk of p / q
        # with q ~ Exp(1) drawn for the whole tensor.
        q = dist.exponential(gen, rows.size, 1.0).astype(rows.dtype).reshape(rows.shape)
        keys = rows / q
        picked = np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    else:
        cum = np.cumsum(rows, axis=1, dtype=rows.dtype)
        cum /= cum[:, -1:]
        cum[:, -1] = 1
        u = dist.unit_float64(gen, rows.shape[0] * num_samples).reshape(rows.shape[0], num_samples)
        picked = np.stack([np.searchsorted(c, r, side="left") for c, r in zip(cum, u)])
    return Tensor(np.ascontiguousarray(picked.reshape(probs.shape[:-1] + (num_samples,)), dtype=np.int64))


# ***** in place *****

def _fill(t: Tensor, values: np.ndarray) -> Tensor:
    """Write ``values`` (in PyTorch's fill order: memory order) into ``t``."""
    from .autograd_calls import check_inplace
    check_inplace(t)
    arr = t.data
    if arr.flags.c_contiguous:
        arr[...] = values.reshape(arr.shape)
    else:
        offsets = np.zeros(arr.shape, dtype=np.int64)
        for axis, stride in enumerate(arr.strides):
            shape = [1] * arr.ndim
            shape[axis] = arr.shape[axis]
            offsets = offsets + np.arange(arr.shape[axis], dtype=np.int64).reshape(shape) * stride
        order = np.argsort(offsets.ravel(), kind="stable")
        flat = np.empty(arr.size, dtype=arr.dtype)
        flat[order] = values
        arr[...] = flat.reshape(arr.shape)
    t.bump_version()
    return t


def uniform_(self, from_=0.0, to=1.0, *, generator=None, **bounds):
    from_ = bounds.pop("from", from_)
    _float_only("check_uniform_bounds", self.dtype)
    if from_ > to:
        raise runtime_error(f"uniform_ expects to return a [from, to) range, but found from={_num(from_)} > "
                            f"to={_num(to)}")
    return _fill(self, dist.uniform(generator_of(generator), self.data.size, self.data.dtype, float(from_), float(to)))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    _float_only("normal_kernel_cpu", self.dtype)
    _check_std(float(std))
    values = dist.normal(generator_of(generator), self.data.size, self.data.dtype, float(mean), float(std),
                         contiguous=self.data.flags.c_contiguous)
    return _fill(self, values)


def random_(self, from_=None, to=None, *, generator=None, **bounds):
    from_ = bounds.pop("from", from_)
    gen = generator_of(generator)
    if from_ is None and to is None:
        return _fill(self, dist.random_full(gen, self.data.size, self.data.dtype))
    if to is None:
        from_, to = 0, from_
    elif from_ is None:
        from_ = 0
    return _fill(self, _from_to(gen, self.data.size, from_, to, self.dtype))


def bernoulli_(self, p=0.5, *, generator=None):
    gen = generator_of(generator)
    if type(p) is Tensor:
        probs = np.broadcast_to(p.data, self.shape)
        return _fill(self, dist.bernoulli_tensor(gen, np.ascontiguousarray(probs)).astype(self.data.dtype))
    return _fill(self, _bernoulli_scalar(gen, self, p).ravel())


def exponential_(self, lambd=1.0, *, generator=None):
    if self.dtype.category != 2:
        raise runtime_error("Exponential distribution is a continuous probability distribution. dtype must be a "
                            f"floating point but you specified {_short(self.dtype)}")
    if not lambd > 0:
        raise runtime_error(f"exponential_ expects lambda > 0.0, but found lambda={_num(lambd)}")
    return _fill(self, dist.exponential(generator_of(generator), self.data.size, float(lambd)).astype(self.data.dtype))


# ***** dropout *****

def dropout(input, p=0.5, training=True, inplace=False):
    """``F.dropout``: ``input * mask / (1 - p)`` with a Bernoulli(1 - p) mask
    (MulBackward0, as PyTorch computes it on the CPU)."""
    if not 0 <= p <= 1:
        raise value_error(f"dropout probability has to be between 0 and 1, but got {p}")
    return _dropout(input, p, training, inplace, False)


def _dropout(input, p, training, inplace, feature):
    """ATen's ``_dropout_impl``: the noise (one draw per element, or with
    ``feature`` one per (sample, channel), shaped [N, C, 1, ...]) drawn by
    ``bernoulli_(1 - p)``, divided by ``1 - p`` in place, then multiplied in."""
    if p == 0 or not training or input.data.size == 0:
        return input
    if p == 1:
        noise = Tensor(np.zeros((), dtype=input.data.dtype))
    else:
        if feature:
            if input.data.ndim < 2:
                raise runtime_error("Feature dropout requires at least 2 dimensions in the input")
            shape_ = input.shape[:2] + (1,) * (input.data.ndim - 2)
        else:
            shape_ = input.shape
        keep = dist.bernoulli_scalar(generator_of(None), math.prod(shape_), 1.0 - p).astype(input.data.dtype)
        scale = input.data.dtype.type(1.0 - p)
        noise = Tensor((keep / scale).reshape(shape_))
    if inplace:
        from .autograd_calls import inplace as write_inplace
        return write_inplace(input, lambda v: mul(v, noise))
    return mul(input, noise)


def feature_dropout(input, p, train):
    """``torch.feature_dropout``: dropout of whole channels (no check of ``p`` in Python)."""
    if not 0 <= p <= 1:
        raise runtime_error(f"dropout probability has to be between 0 and 1, but got {_num(p)}")
    return _dropout(input, p, train, False, True)


_DROPOUT1D_DIMS = ("dropout1d: Expected 2D or 3D input, but received a {}D input. Note that dropout1d exists to "
                   "provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an "
                   "optional batch dimension (i.e. 2D or 3D inputs).")
_DROPOUT2D_DIMS = ("dropout2d: Received a {}-D input to dropout2d, which is deprecated and will result in an error "
                   "in a future release. To retain the behavior and silence this warning, please use dropout "
                   "instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial "
                   "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).")
_DROPOUT2D_3D = ("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is "
                 "desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will "
                 "change in a future release to interpret the input as one without a batch dimension, i.e. shape "
                 "(C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d "
                 "instead.")


def _input_dim(input) -> int:
    if type(input) is not Tensor:
        raise GradcliError("AttributeError", f"'{type_name(input)}' object has no attribute 'dim'")
    return input.data.ndim


def dropout1d(input, p=0.5, training=True, inplace=False):
    """``F.dropout1d``: channel dropout of (N, C, L) or (C, L) input (unsqueezed to a batch of one)."""
    from . import shape
    if p < 0.0 or p > 1.0:
        raise value_error(f"dropout probability has to be between 0 and 1, but got {p}")
    nd = _input_dim(input)
    if nd not in (2, 3):
        raise runtime_error(_DROPOUT1D_DIMS.format(nd))
    if nd == 3:
        return _dropout(input, p, training, inplace, True)
    if inplace:
        return shape.squeeze_(_dropout(shape.unsqueeze_(input, 0), p, training, True, True), 0)
    return shape.squeeze(_dropout(shape.unsqueeze(input, 0), p, training, False, True), 0)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """``F.dropout2d``: channel dropout, with PyTorch's warnings for input not 4D."""
    if p < 0.0 or p > 1.0:
        raise value_error(f"dropout probability has to be between 0 and 1, but got {p}")
    nd = _input_dim(input)
    if nd not in (3, 4):
        CONTEXT.warning(_DROPOUT2D_DIMS.format(nd))
    if nd == 3:
        CONTEXT.warning(_DROPOUT2D_3D)
    return _dropout(input, p, training, inplace, True)


# ***** the names scripts reach *****

RANDOM_TORCH = {
    "manual_seed": manual_seed, "initial_seed": initial_seed, "seed": seed,
    "get_rng_state": get_rng_state, "set_rng_state": set_rng_state, "Generator": new_generator,
    "default_generator": DEFAULT_GENERATOR,
    "rand_like": rand_like, "randn_like": randn_like, "randint_like": randint_like,
    "dropout": lambda input, p, train: dropout(input, p, train),
    "feature_dropout": feature_dropout,
}
RANDOM_TORCH.update({name: with_out(fn, name, sees_out=name in ("rand", "randn", "randint")) for name, fn in (
    ("rand", rand), ("randn", randn), ("randint", randint), ("randperm", randperm), ("normal", normal),
    ("bernoulli", bernoulli), ("multinomial", multinomial))})

# torch.random.<name>
RANDOM_MODULE = {name: RANDOM_TORCH[name]
                 for name in ("manual_seed", "initial_seed", "seed", "get_rng_state", "set_rng_state")}

RANDOM_METHODS = {
    "uniform_": uniform_, "normal_": normal_, "random_": random_, "bernoulli_": bernoulli_,
    "exponential_": exponential_, "bernoulli": bernoulli, "multinomial": multinomial,
}

RANDOM_FUNCTIONAL = {"dropout": dropout, "dropout1d": dropout1d, "dropout2d": dropout2d}

# g.<name>(...) of a torch.Generator (or of torch.default_generator)
GENERATOR_METHODS = {
    "manual_seed": lambda g, seed: generator_manual_seed(generator_of(g), seed),
    "initial_seed": lambda g: generator_of(g).initial_seed(), "seed": lambda g: reseed(generator_of(g)),
    "get_state": lambda g: Tensor(_pack_state(generator_of(g).get_state())),
    "set_state": lambda g, new_state: (generator_of(g).set_state(_unpack_state(new_state)), g)[1],
}
