"""LAPACK's factorizations as PyTorch's CPU build calls them: MKL's
``?geqrf``/``?orgqr`` (QR), ``?syevd`` (symmetric eigenvalues),
``?gesdd`` (SVD), ``?potrf`` (Cholesky), ``?getrf``/``?getrs`` (solve),
on each matrix of a batch, each handed over column-major as PyTorch
hands it over. Where MKL is installed these give PyTorch's signs of Q, of
eigenvectors and of singular vectors, which differ from one LAPACK to
another; without MKL, numpy's LAPACK stands in (same factorizations, its
own signs). NOTE: PyTorch 2.13's CPU build carries MKL 2024.2; with another
MKL release the last bits can differ (with 2026.2, on random matrices of
sizes 1-6 in float32 and float64: R of QR bit-identical in 360 of 360,
Cholesky factors in 235 of 240, Q, U, Vh and eigenvectors in about half,
solve's results in under a third; the signs agree in all but one float32
eigh of 240, whose eigenvalues were close).

Each function takes a stack of float32/float64 matrices ``(batch, m, n)``
(C order) and returns numpy arrays of the same layout, plus LAPACK's
``info`` per matrix where the caller reports failures.
"""
from __future__ import annotations

import numpy as np

from . import mkl

_PREFIX = {np.dtype(np.float32): "s", np.dtype(np.float64): "d"}


def available(dtype) -> bool:
    return np.dtype(dtype) in _PREFIX and mkl.available()


def _call(name, dtype, *args):
    """LAPACK's ``name`` (``geqrf``) for ``dtype``: ints and floats by
    reference, bytes as characters, arrays by address."""
    import ctypes
    fn = mkl._symbol(_PREFIX[np.dtype(dtype)] + name + "_")
    refs = []
    for a in args:
        if isinstance(a, bytes):
            refs.append(ctypes.c_char_p(a))
        elif isinstance(a, np.ndarray):
            refs.append(ctypes.c_void_p(a.ctypes.data))
        else:
            refs.append(ctypes.byref(ctypes.c_int(a)))
    fn(*refs)


def _work(name, dtype, *args_before_work, tail=()):
    """Run a workspace query (lwork = -1) and return the size asked for."""
    probe = np.zeros(1, dtype)
    _call(name, dtype, *args_before_work, probe, -1, *tail)
    return max(1, int(probe[0]))


def _fortran(a):
    """``a`` (m, n) as a column-major copy: LAPACK's reading of the matrix itself."""
    return np.array(a, order="F")


def _info():
    return np.zeros(1, np.int32)


# ***** QR: geqrf + orgqr *****

def qr(stack, mode):
    """``(Q, R)`` of each matrix; Q is None for mode 'r'."""
    b, m, n = stack.shape
    k = min(m, n)
    qcols = m if mode == "complete" else k
    rrows = m if mode == "complete" else k
    dt = stack.dtype
    qs = np.zeros((b, m, qcols), dt)
    rs = np.zeros((b, rrows, n), dt)
    if k == 0:                  # an empty matrix: Q is the identity's first columns
        qs[...] = np.eye(m, qcols, dtype=dt)
        return (None if mode == "r" else qs), rs
    for i, a in enumerate(stack):
        if not available(dt):
            q, r = np.linalg.qr(a, mode="complete" if mode == "complete" else "reduced")
            qs[i], rs[i] = q, r
            continue
        f = np.zeros((m, max(n, qcols)), dt, order="F")
        f[:, :n] = a
        tau = np.zeros(max(k, 1), dt)
        info = _info()
        lda = max(m, 1)
        lwork = _work("geqrf", dt, m, n, f, lda, tau, tail=(info,))
        _call("geqrf", dt, m, n, f, lda, tau, np.zeros(lwork, dt), lwork, info)
        rs[i] = np.triu(f[:rrows, :n])
        if mode != "r":
            lwork = _work("orgqr", dt, m, qcols, k, f, lda, tau, tail=(info,))
            _call("orgqr", dt, m, qcols, k, f, lda, tau, np.zeros(lwork, dt), lwork, info)
            qs[i] = f[:, :qcols]
    return (None if mode == "r" else qs), rs


# ***** symmetric eigenvalues: syevd *****

def eigh(stack, uplo, vectors):
    """``(eigenvalues, eigenvectors or None, info)`` of each symmetric matrix
    (its ``uplo`` triangle read)."""
    b, n, _ = stack.shape
    dt = stack.dtype
    w = np.zeros((b, n), dt)
    v = np.zeros((b, n, n), dt) if vectors else None
    infos = np.zeros(b, np.int32)
    jobz = b"V" if vectors else b"N"
    for i, a in enumerate(stack if n else ()):
        if not available(dt):
            tri = np.tril(a) if uplo == "L" else np.triu(a)
            full = tri + np.swapaxes(np.tril(a, -1) if uplo == "L" else np.triu(a, 1), -1, -2)
            if vectors:
                w[i], v[i] = np.linalg.eigh(full)
            else:
                w[i] = np.linalg.eigvalsh(full)
            continue
        f = _fortran(a)
        info = _info()
        lda = max(n, 1)
        probe, iprobe = np.zeros(1, dt), np.zeros(1, np.int32)
        _call("syevd", dt, jobz, uplo.encode(), n, f, lda, w[i], probe, -1, iprobe, -1, info)
        lwork, liwork = max(1, int(probe[0])), max(1, int(iprobe[0]))
        _call("syevd", dt, jobz, uplo.encode(), n, f, lda, w[i], np.zeros(lwork, dt), lwork,
              np.zeros(liwork, np.int32), liwork, info)
        infos[i] = info[0]
        if vectors:
            v[i] = f
    return w, v, infos


# ***** SVD: gesdd *****

def svd(stack, full_matrices, vectors):
    """``(U, S, Vh, info)``; U and Vh None without ``vectors``."""
    b, m, n = stack.shape
    k = min(m, n)
    dt = stack.dtype
    ucols, vrows = (m, n) if full_matrices else (k, k)
    s = np.zeros((b, k), dt)
    u = np.zeros((b, m, ucols), dt) if vectors else None
    vh = np.zeros((b, vrows, n), dt) if vectors else None
    infos = np.zeros(b, np.int32)
    jobz = (b"A" if full_matrices else b"S") if vectors else b"N"
    if k == 0:                  # an empty matrix: its singular vectors are the identity's
        if vectors:
            u[...], vh[...] = np.eye(m, ucols, dtype=dt), np.eye(vrows, n, dtype=dt)
        return u, s, vh, infos
    for i, a in enumerate(stack):
        if not available(dt):
            if np.isnan(a).any():
                infos[i] = -4           # LAPACK's gesdd: NaN in A
                continue
            try:
                if vectors:
                    u[i], s[i], vh[i] = np.linalg.svd(a, full_matrices=full_matrices)
                else:
                    s[i] = np.linalg.svd(a, compute_uv=False)
            except np.linalg.LinAlgError:
                s[i] = np.nan
                if vectors:
                    u[i], vh[i] = np.nan, np.nan
            continue
        f = _fortran(a)
        uu = np.zeros((m, ucols), dt, order="F")
        vv = np.zeros((vrows, n), dt, order="F")
        iwork = np.zeros(max(8 * k, 1), np.int32)
        info = _info()
        ldu, ldvt = max(m, 1), max(vrows, 1)
        lwork = _work("gesdd", dt, jobz, m, n, f, max(m, 1), s[i], uu, ldu, vv, ldvt, tail=(iwork, info))
        _call("gesdd", dt, jobz, m, n, f, max(m, 1), s[i], uu, ldu, vv, ldvt, np.zeros(lwork, dt), lwork, iwork,
              info)
        infos[i] = info[0]
        if vectors:
            u[i], vh[i] = uu, vv
    return u, s, vh, infos


# ***** Cholesky: potrf *****

def cholesky(stack, upper):
    """``(factor, info)``: L (or U with ``upper``) of each matrix; ``info``
    > 0 is the order of the first leading minor that is not positive-definite."""
    b, n, _ = stack.shape
    dt = stack.dtype
    out = np.zeros_like(stack)
    infos = np.zeros(b, np.int32)
    for i, a in enumerate(stack if n else ()):
        if not available(dt):
            try:
                low = np.linalg.cholesky(a)
            except np.linalg.LinAlgError:
                infos[i] = _first_bad_minor(a)
                continue
            out[i] = low.T if upper else low
            continue
        f = _fortran(a)
        info = _info()
        _call("potrf", dt, b"U" if upper else b"L", n, f, max(n, 1), info)
        infos[i] = info[0]
        out[i] = np.triu(f) if upper else np.tril(f)
    return out, infos


def _first_bad_minor(a):
    n = a.shape[0]
    for k in range(1, n + 1):
        try:
            np.linalg.cholesky(a[:k, :k])
        except np.linalg.LinAlgError:
            return k
    return n


# ***** solve: getrf + getrs *****

def solve(a_stack, b_stack, transposed):
    """``(X, info)`` with ``A X = B`` for each pair (B: (batch, n, k)).
    ``transposed``: factor ``A`` as given to LAPACK and solve with its
    transpose (PyTorch's path for a row-major A: LAPACK reads A's memory as
    Aᵀ and solves with trans='T')."""
    bsz, n, _ = a_stack.shape
    k = b_stack.shape[-1]
    dt = a_stack.dtype
    x = np.zeros(b_stack.shape, dt)
    infos = np.zeros(bsz, np.int32)
    for i in range(bsz if n else 0):
        a, rhs = a_stack[i], b_stack[i]
        if not available(dt):
            try:
                x[i] = np.linalg.solve(a, rhs)
            except np.linalg.LinAlgError:
                infos[i] = 1
            continue
        f = np.array(a.T if transposed else a, order="F")
        piv = np.zeros(max(n, 1), np.int32)
        info = _info()
        _call("getrf", dt, n, n, f, max(n, 1), piv, info)
        infos[i] = info[0]
        if info[0] > 0:
            continue
        r = _fortran(rhs)
        _call("getrs", dt, b"T" if transposed else b"N", n, k, f, max(n, 1), piv, r, max(n, 1), info)
        x[i] = r
    return x, infos
