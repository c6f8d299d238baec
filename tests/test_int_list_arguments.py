"""Sizes, shapes and dims given as "tuple of ints" arguments, read as
PyTorch's argument parser reads them: a sequence's first element must be
an int (not a bool); the others are read by ``__index__``, so a bool there
counts as 0 or 1. And ``requires_grad=None``, taken as its default where
the parameter is optional. (The refusals, with PyTorch's words, are
recorded cases of tests/op_error_cases.py.)"""
from __future__ import annotations

import pytest

from gradcli.session import run_source

# (expression, the shape PyTorch 2.13 gives)
ACCEPTED = [
    ("torch.zeros(2, True)", (2, 1)),
    ("torch.zeros((2, True))", (2, 1)),
    ("torch.empty((2, False))", (2, 0)),
    ("torch.ones([3, True, 2])", (3, 1, 2)),
    ("torch.zeros(size=(2, 3))", (2, 3)),
    ("torch.ones(size=[2, True])", (2, 1)),
    ("torch.empty(size=())", ()),
    ("torch.full((2, True), 1.0)", (2, 1)),
    ("torch.rand(2, True)", (2, 1)),
    ("torch.rand([2, True])", (2, 1)),
    ("torch.randn(size=(2, True))", (2, 1)),
    ("torch.rand(2, True, generator=None)", (2, 1)),
    ("torch.randint(0, 3, (2, True))", (2, 1)),
    ("torch.randint(3, (2, False))", (2, 0)),
    ("torch.randint(3, size=(2, True))", (2, 1)),
    ("torch.ones((2, torch.tensor(1)))", (2, 1)),
    ("torch.ones(torch.tensor(2), 1)", (2, 1)),
    ("torch.ones(2, 1).new_zeros((2, True))", (2, 1)),
    ("torch.ones(2).view(2, True)", (2, 1)),
    ("torch.ones(2).reshape((2, True))", (2, 1)),
    ("torch.ones(2, 1).expand(2, True)", (2, 1)),
    ("torch.ones(2, 3).permute(1, False)", (3, 2)),
    ("torch.ones(2, 3).repeat(2, True)", (4, 3)),
    ("torch.ones(6).unflatten(0, (2, True, 3))", (2, 1, 3)),
    ("torch.broadcast_to(torch.ones(1), (2, True))", (2, 1)),
    ("torch.broadcast_to(torch.ones(()), ())", ()),
    ("torch.tile(torch.ones(2), (2, True))", (2, 2)),
    ("torch.tile(torch.ones(2), ())", (2,)),
    ("torch.autograd.functional.jacobian(lambda t: t * t, torch.tensor(2.))", ()),
    ("torch.autograd.functional.hessian(lambda t: t ** 3, torch.tensor(2.))", ()),
    ("torch.count_nonzero(torch.ones(2, 2), dim=())", ()),
    ("torch.count_nonzero(torch.tensor(3.), 0)", ()),
    # requires_grad=None is the default where the parameter is optional
    ("torch.ones(2, requires_grad=None)", (2,)),
    ("torch.rand(2, requires_grad=None)", (2,)),
    ("torch.randint(3, (2,), requires_grad=None)", (2,)),
    ("torch.zeros_like(torch.ones(2), requires_grad=None)", (2,)),
    ("torch.ones(2).new_ones(2, requires_grad=None)", (2,)),
]


def _shape(expr: str) -> tuple:
    r = run_source(f"import torch\nx = {expr}\n", "<test>")
    assert r.exit_code == 0, r.error and r.error.message
    return tuple(r.variables["x"].data.shape)


@pytest.mark.parametrize("expr, want", ACCEPTED)
def test_a_bool_after_the_first_element_counts_as_an_int(expr, want):
    assert _shape(expr) == want


@pytest.mark.slow
@pytest.mark.parametrize("expr, want", ACCEPTED)
def test_accepted_shapes_live_against_pytorch(expr, want):
    torch = pytest.importorskip("torch")
    assert tuple(eval(expr, {"torch": torch}).shape) == want == _shape(expr)
