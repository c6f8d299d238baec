"""PyTorch's float32 Box–Muller kernel for x86 CPUs with AVX2 (and AVX512,
which PyTorch sends to the same kernel for ``normal_``), reproduced bit for bit.

PyTorch fills 16 floats at a time (``normal_fill_16_AVX2``): with
``u1 = 1 - d[j]`` and ``u2 = d[j + 8]``, ``d[j] = r cos θ`` and
``d[j + 8] = r sin θ`` where ``r = sqrt(-2 log u1)`` and ``θ = 2π u2``, using
the Cephes-derived float32 ``log256_ps`` and ``sincos256_ps``. The kernel is
compiled with FMA contraction: every ``y * x + c`` step of the polynomials is
one fused multiply-add, and so it is here. The steps below compute, for
every input, the float32 value each step of that kernel computes, in its
order, though not always with the same instructions (each NOTE says why the
result is the same).

How a fused multiply-add is computed: the product of two float32 values is
exact in float64, so ``a * b + c`` in float64 rounded to float32 is the fused
result, unless the float64 sum was itself rounded onto a float32 tie (double
rounding, which ``engine/fma.py`` guards against in general). Where every
result of a step lies in one binade, its float32 rounding is a rounding to a
fixed step, which one float64 addition of ``1.5 * 2**k`` does (with that
step as its last bit) and the subtraction of the same number undoes
exactly: adding it together with the step's constant rounds once, a true
fused multiply-add.

NOTE: the uniforms are multiples of 2**-24, so each of the two functions
sees at most 2**24 distinct inputs, and tests/test_random.py runs every one
of them against the guarded formulation (every step through ``fma32``):
the results agree bit for bit, so the steps here need no guard (the double
roundings that meet a tie there are exact ties, rounded alike).

The work goes through a cache-sized run of blocks at a time, in buffers
made once per thread (``Workspace``): no temporary arrays per step. Large
fills run on PyTorch's number of threads (at most one per usable CPU): one
thread takes the draws in stream order, the others turn runs of them into
normals, each into its own part of the output (numpy's loops release the
GIL), and the drawing thread fills a run too whenever they fall behind, then
the rest with them. The stream is the one a single thread draws, and the
numbers do not depend on the thread count. NOTE: on a machine already busy
on every CPU, a thread preempted while it holds the GIL stalls the others,
and one thread (``OMP_NUM_THREADS=1``) is then faster.
"""
from __future__ import annotations

import os
import queue
import threading

import numpy as np

from .cpu_loop import intra_op_threads, usable_cpus

F = np.float32
SQRTHF = F(0.707106781186547524)
LOG_P = [float(F(v)) for v in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
                                1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
                                3.3333331174E-1)]
LOG_Q1 = F(-2.12194440e-4)
LOG_Q2 = F(0.693359375)
DP1 = F(-0.78515625)
DP2 = F(-2.4187564849853515625e-4)
DP3 = float(F(-3.77489497744594108e-8))
SIN_P = [float(F(v)) for v in (-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1)]
COS_P = [float(F(v)) for v in (2.443315711809948E-005, -1.388731625493765E-003, 4.166664568298827E-002)]
FOPI = F(1.27323954473516)
TWO_PI = F(2.0 * np.pi)
# NOTE: 2π · k · 2**-24 rounds as (2π · k) · 2**-24 does: scaling by a power
# of two is exact, so θ is one float32 product of the integer draw.
TWO_PI_2M24 = F(TWO_PI * F(2.0 ** -24))
_SQRTHF_BITS = int(SQRTHF.view(np.int32))
_MANT = (1 << 23) - 1

# The kernel's octant j (even) is 2q: with q, the products y * DPk are q * 2DPk,
# the same numbers (doubling is exact).
_DP1_2, _DP2_2, _DP3_2 = F(2 * DP1), F(2 * DP2), 2 * DP3


def _rounder(values) -> float:
    """``1.5 * 2**k`` whose float64 last bit is the float32 last bit of the
    binade holding all of ``values`` (checked: they share one binade)."""
    exps = {int(np.frexp(np.float64(v))[1]) for v in values}
    assert len(exps) == 1, values
    return 1.5 * 2.0 ** (exps.pop() - 24 + 52)


# NOTE: over the whole range of z (|x| <= π/4 after the reduction), each
# Horner step of the sine and cosine polynomials stays in the binade of its
# constant (cos: [-0.0013888, -0.0013736] then [0.040819, 0.041667]; sin:
# [0.0082117, 0.0083322] then [-0.16667, -0.16160]), so it is one float64
# addition of the constant plus its rounder, then minus the rounder.
_COS_C = [_rounder((COS_P[1], -0.0013736)), _rounder((COS_P[2], 0.040819))]
_SIN_C = [_rounder((SIN_P[1], 0.0082117)), _rounder((SIN_P[2], -0.16160))]
_COS_PC = [COS_P[1] + _COS_C[0], COS_P[2] + _COS_C[1]]
_SIN_PC = [SIN_P[1] + _SIN_C[0], SIN_P[2] + _SIN_C[1]]
assert all(p - c == q for p, c, q in zip(_COS_PC + _SIN_PC, _COS_C + _SIN_C, COS_P[1:] + SIN_P[1:]))

_CHUNK = 1 << 12                        # blocks of 16 per run (the buffers stay in cache)
# NOTE: threads take runs 2 times longer: each numpy call then works long
# enough without the GIL that the threads seldom wait for each other on it.
# Longer runs lost more to cache misses and to faulting in their larger
# buffers (a fresh process's 10M fill on 2 CPUs: 74-90 ms median wall at 2,
# 84-97 ms at 4, 16 runs each).
_THREADED_RUN = 2


class Workspace:
    """The buffers of one run of ``h`` lanes (8 per block of 16). The
    two-row ones hold a pair: ``u``, ``v`` and ``o`` the first and second
    halves of the blocks (lane l of one pairs with lane l of the other, as
    in the block), ``a`` z and x, ``d`` the cosine and sine polynomials;
    ``u``'s rows are integer scratch once the draws are floats."""
    __slots__ = ("f", "g", "x", "z", "j", "a", "d", "u", "v", "o")
    _PAIRS = ("a", "d", "u", "v", "o")

    def __init__(self, h):
        self.f, self.g, self.x, self.z = (np.empty(h, F) for _ in range(4))
        self.j = np.empty(h, np.int32)
        self.a, self.d = np.empty((2, h), np.float64), np.empty((2, h), np.float64)
        self.u = np.empty((2, h), np.int32)
        self.v, self.o = np.empty((2, h), F), np.empty((2, h), F)

    def cut(self, h):
        """The same buffers, for a last run of ``h`` lanes."""
        w = Workspace.__new__(Workspace)
        for name in Workspace.__slots__:
            v = getattr(self, name)
            setattr(w, name, v[:, :h] if name in Workspace._PAIRS else v[:h])
        return w


# NOTE: the steps call numpy's functions with the output in place of a third
# argument and constants as 0-d arrays: numpy then skips its keyword and
# Python-number handling, which costs more than a step over a few thousand
# numbers.
_add, _sub, _mul, _cast = np.add, np.subtract, np.multiply, np.copyto
_and, _xor, _shl, _shr = np.bitwise_and, np.bitwise_xor, np.left_shift, np.right_shift


def _f32(v):
    return np.array(v, F)


def _f64(v):
    return np.array(v, np.float64)


def _i32(v):
    return np.array(v, np.int32)


_K = {"one": _f32(1.0), "zero": _f32(0.0), "half": _f32(0.5), "q1": _f32(LOG_Q1), "q2": _f32(LOG_Q2),
      "fopi": _f32(FOPI),
      "dp1": _f32(_DP1_2), "dp2": _f32(_DP2_2), "dp3": _f64(_DP3_2), "dp23": _f64(float(_DP2_2) + _DP3_2), "half64": _f64(0.5),
      "log_p": [_f64(p) for p in LOG_P],
      # the cosine and sine polynomials side by side (rows of a pair)
      "p0": _f64([[COS_P[0]], [SIN_P[0]]]), "pc": [_f64([[a], [b]]) for a, b in zip(_COS_PC, _SIN_PC)],
      "rc": [_f64([[a], [b]]) for a, b in zip(_COS_C, _SIN_C)], "tail": _f64([[-0.5], [1.0]]),
      "i1": _i32(1), "i23": _i32(23), "i30": _i32(30), "i30bit": _i32(1 << 30), "sign": _i32(-1 << 31),
      "mant": _i32(_MANT), "sqrthf": _i32(_SQRTHF_BITS), "i2_24": _i32(1 << 24),
      "two_pi_2m24": _f32(TWO_PI_2M24), "minus_two": _f32(-2.0)}


def log_ps(u, y, w, shift=0):
    """``y = log256_ps(u * 2**-shift)`` for positive normal float32 values
    ``u`` (``y`` may be ``u``)."""
    k = _K
    (i, e), x, z, x64, s, ef, q = w.u, w.x, w.z, w.a[1], w.d[0], w.f, w.g
    # NOTE: the kernel splits u into 2**e · m with m in [0.5, 1), then takes
    # x = 2m - 1, e - 1 where m < sqrt(1/2), else x = m - 1 (both exact).
    # Subtracting sqrt(1/2)'s bits splits it so at once: the exponent field
    # of the difference is e (or e - 1), and its mantissa put back on
    # sqrt(1/2)'s bits is 1 + x, in [sqrt(1/2), sqrt(2)).
    _sub(u.view(np.int32), _i32(_SQRTHF_BITS + (shift << 23)), i)
    _shr(i, k["i23"], e)
    _and(i, k["mant"], i)
    _add(i, k["sqrthf"], i)
    _sub(i.view(F), k["one"], x)
    _mul(x, x, z)
    _cast(x64, x)
    p = k["log_p"]
    _mul(x64, p[0], s)                  # Horner's rule, one fused step per coefficient
    _add(s, p[1], s)
    for c in p[2:]:
        _cast(y, s, "unsafe")
        _cast(s, y)
        _mul(s, x64, s)
        _add(s, c, s)
    _cast(y, s, "unsafe")
    _mul(y, x, y)
    _cast(ef, e, "unsafe")
    _mul(ef, k["q1"], q)                # e * Q1
    _cast(s, y)
    _cast(x64, z)
    _mul(s, x64, s)
    _cast(x64, q)
    _add(s, x64, s)
    _cast(y, s, "unsafe")       # fma(y, z, e * Q1)
    _mul(z, k["half"], z)
    _sub(y, z, y)
    _add(y, x, y)
    _mul(ef, k["q2"], ef)
    _add(y, ef, y)


def sincos_ps(x, s, c, w):
    """``s, c = sincos256_ps(x)`` for non-negative float32 values ``x``
    (overwritten)."""
    sincos_pair(x, w.o, w)
    _cast(c, w.o[0])
    _cast(s, w.o[1])


def sincos_pair(x, cs, w):
    """``cs[0], cs[1] = cos, sin`` of ``sincos256_ps(x)`` for non-negative
    float32 values ``x`` (overwritten)."""
    k = _K
    q, (m, sign), y, z = w.j, w.u, w.f, w.z
    zx, t, c = w.a, w.d, cs[0]
    z64, x64 = zx
    _mul(x, k["fopi"], y)
    _cast(q, y, "unsafe")               # truncated, as the kernel's cvttps
    _add(q, k["i1"], q)
    _shr(q, k["i1"], q)                 # j = 2q
    _cast(y, q, "unsafe")
    # NOTE: y * DP1 and y * DP2 are exact (Cephes splits pi/4 so), so their
    # fused and unfused forms agree; y * DP3 is not. x + y * DP1 is exact
    # too; the kernel then rounds x + y * DP2 and fma(y, DP3, that): here
    # x + y * (DP2 + DP3) goes through float64 and is rounded once, to the
    # same float32 numbers (every input is checked).
    _mul(y, k["dp1"], c)
    _add(x, c, x)
    t0 = t[0]
    _cast(t0, q)
    _mul(t0, k["dp23"], t0)
    _cast(x64, x)
    _add(t0, x64, t0)
    _cast(x, t0, "unsafe")
    _mul(x, x, z)
    _cast(z64, z)
    _cast(x64, x)
    # the cosine and sine polynomials, one in each row
    pc, rc = k["pc"], k["rc"]
    _mul(z64, k["p0"], t)
    _add(t, pc[0], t)
    _sub(t, rc[0], t)
    _mul(t, z64, t)
    _add(t, pc[1], t)
    _sub(t, rc[1], t)
    _cast(cs, t, "unsafe")
    _mul(cs, z, cs)
    _cast(t, cs)
    # NOTE: fma(y, z, -z * 0.5) as (y - 0.5) * z, fma(y, x, x) as (y + 1) * x,
    # each rounded in float64 first: the same float32 results (every input
    # is checked)
    _add(t, k["tail"], t)
    _mul(t, zx, t)
    _cast(cs, t, "unsafe")
    _add(c, k["one"], c)
    # the kernel's select: sin takes the sine polynomial where q is even,
    # the cosine one where q is odd (cos the other); signs flip by octant
    csi = cs.view(np.int32)
    _and(q, k["i1"], m)
    np.negative(m, m)                   # all ones where q is odd: swap
    _xor(csi[0], csi[1], sign)
    _and(m, sign, m)
    _xor(csi, m, csi)
    signs = w.u
    _shl(q, k["i30"], signs[1])         # bit 1 of q is the sine's sign,
    _add(signs[1], k["i30bit"], signs[0])   # bit 1 of q + 1 the cosine's
    _and(signs, k["sign"], signs)
    _xor(csi, signs, csi)


def _columns(a, blocks):
    """The blocks of ``a`` (``blocks`` rows of 16 floats or ints) as a
    pair of two columns of 16-byte items each (lanes 0-3 and 4-7, then
    8-11 and 12-15 of each block)."""
    return a.view(np.complex128).reshape(blocks, 4).T.reshape(2, 2, blocks)


def _fill_run(raw, out, w):
    """``out`` (``len(raw)`` floats) from ``raw``, the low 24 bits of as
    many draws (a whole number of blocks; ``w`` sized for them)."""
    k = _K
    h = len(w.x)
    blocks = h // 8
    # NOTE: numpy copies 16-byte items quickly, rows of a few numbers
    # slowly: the halves of the blocks go apart (and back) as columns of
    # 16-byte items.
    u, v = w.u, w.v
    _cast(u.view(np.complex128).reshape(2, 2, blocks), _columns(raw, blocks))
    # u1 = 1 - k1 * 2**-24 = (2**24 - k1) * 2**-24 (exact), θ = 2π · (k2 · 2**-24)
    _sub(k["i2_24"], u[0], u[0])
    _cast(v, u, "unsafe")
    radius, theta = v
    _mul(theta, k["two_pi_2m24"], theta)
    log_ps(radius, radius, w, shift=24)
    _mul(radius, k["minus_two"], radius)
    np.sqrt(radius, radius)
    sincos_pair(theta, w.o, w)
    _mul(w.o, radius, w.o)
    # NOTE: the kernel stores r cos θ * std + mean with a fused multiply-add,
    # mean 0 for randn: where r is 0 (a draw of 0, 1 in 2**24) a -0 product
    # comes out +0
    _add(w.o, k["zero"], w.o)
    _cast(_columns(out, blocks), w.o.view(np.complex128).reshape(2, 2, blocks))


def _fill_job(job, out, w, lanes, failures):
    """Fill the part of ``out`` of one ``(start, raw)`` run (``w`` sized
    for ``lanes`` lanes); an error goes to ``failures``."""
    start, raw = job
    h = len(raw) // 2
    try:
        _fill_run(raw, out[start:start + len(raw)], w if h == lanes else w.cut(h))
    except BaseException as exc:          # noqa: BLE001 -- re-raised by normal_fill
        failures.append(exc)


def _fill_runs(jobs, out, lanes, failures, w=None):
    """Take runs from ``jobs`` until ``None`` and fill them (in buffers
    made here unless given)."""
    while (job := jobs.get()) is not None:
        w = Workspace(lanes) if w is None else w
        _fill_job(job, out, w, lanes, failures)


class _Helpers:
    """Daemon threads that run what is put on their queue (made on the
    first large fill, then kept; a forked child makes its own)."""
    def __init__(self):
        self.tasks = queue.SimpleQueue()
        self.threads = []
        self.pid = os.getpid()

    def run(self, n, fn, *args):
        """Run ``fn(*args)`` on ``n`` helper threads; a queue gets one
        ``True`` per finished call."""
        if self.pid != os.getpid():       # forked: the threads stayed in the parent
            self.__init__()
        while len(self.threads) < n:
            t = threading.Thread(target=self._loop, name="gradcli-normal", daemon=True)
            t.start()
            self.threads.append(t)
        done = queue.SimpleQueue()
        for _ in range(n):
            self.tasks.put((fn, args, done))
        return done

    def _loop(self):
        while True:
            fn, args, done = self.tasks.get()
            try:
                fn(*args)
            finally:
                done.put(True)


_HELPERS = _Helpers()


def normal_fill(draw, n_blocks: int, out=None) -> np.ndarray:
    """``16 * n_blocks`` standard normals (into ``out``'s first ones, if
    given) from as many 32-bit draws, taken in stream order by
    ``draw(count)``: a uint32 array of their low 24 bits (the float32
    uniforms are those times 2**-24)."""
    if out is None:
        out = np.empty(n_blocks * 16, F)
    threads = min(intra_op_threads(), usable_cpus())     # more would only wait for each other
    run = _CHUNK * _THREADED_RUN
    if threads == 1 or n_blocks <= run:
        threads, run = 1, _CHUNK
    starts = range(0, n_blocks, run)
    threads = max(1, min(threads, len(starts)))
    lanes = min(run, n_blocks) * 8
    w = Workspace(lanes)
    jobs, failures = queue.SimpleQueue(), []
    done = _HELPERS.run(threads - 1, _fill_runs, jobs, out, lanes, failures) if threads > 1 else None
    # NOTE: this thread draws; when the runs it has drawn wait for the
    # helpers (or there are none) it fills one itself, so the draws are
    # still in the cache when they are used.
    backlog = 0 if threads == 1 else 2 * threads
    try:
        for start in starts:
            stop = min(start + run, n_blocks)
            jobs.put((16 * start, draw(16 * (stop - start))))
            if jobs.qsize() > backlog:
                try:
                    _fill_job(jobs.get_nowait(), out, w, lanes, failures)
                except queue.Empty:
                    pass
    finally:
        for _ in range(threads):
            jobs.put(None)
    _fill_runs(jobs, out, lanes, failures, w)
    for _ in range(threads - 1):
        done.get()
    if failures:
        raise failures[0]
    return out
