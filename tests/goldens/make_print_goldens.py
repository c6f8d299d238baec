"""Record PyTorch's tensor printing as golden cases for gradcli.render.torch_text.

Run with torch installed (the oracle, torch==2.13.0):

    /work/venv/bin/python tests/goldens/make_print_goldens.py

Writes tests/goldens/printing.json: a list of
{"name", "dtype", "shape", "data", "suffixes", "expected"} where

* data is the flat (C-order) element list: float.hex strings for floating
  dtypes (exact for float16/32/64, including -0.0, nan, inf), ints for integer
  dtypes, bools for bool;
* suffixes are the items gradcli passes to format_tensor (requires_grad=True or
  grad_fn=<...>), read off the real tensor; dtype=/size= items are *not* listed,
  format_tensor must add those itself;
* expected is repr(t) produced by torch.
"""

from __future__ import annotations

import json
import math
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "printing.json")

FLOATING = {torch.float32, torch.float64, torch.float16}


def dtype_name(t: torch.Tensor) -> str:
    return str(t.dtype).replace("torch.", "")


def suffixes_of(t: torch.Tensor) -> list[str]:
    if t.grad_fn is not None:
        name = type(t.grad_fn).__name__
        if name == "CppFunction":
            name = t.grad_fn.name().rsplit("::", 1)[-1]
        return [f"grad_fn=<{name}>"]
    if t.requires_grad:
        return ["requires_grad=True"]
    return []


def flat_data(t: torch.Tensor) -> list:
    vals = t.detach().reshape(-1).tolist()
    if t.dtype in FLOATING:
        return [float(v).hex() for v in vals]
    if t.dtype == torch.bool:
        return [bool(v) for v in vals]
    return [int(v) for v in vals]


CASES: list[dict] = []


def add(name: str, t: torch.Tensor) -> None:
    if any(c["name"] == name for c in CASES):
        raise SystemExit(f"duplicate case name {name}")
    CASES.append(
        {
            "name": name,
            "dtype": dtype_name(t),
            "shape": list(t.shape),
            "data": flat_data(t),
            "suffixes": suffixes_of(t),
            "expected": repr(t),
        }
    )


class AVeryLongCustomFunctionNameSoTheGradFnSuffixWrapsOntoANewLine(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 1

    @staticmethod
    def backward(ctx, g):
        return g


def build() -> None:
    T = torch.tensor
    f64 = torch.float64

    # --- seed notebook -----------------------------------------------------
    a = T([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    add("seed_leaf_requires_grad", a)
    b = a - T([[2.0, 2.0], [2.0, 2.0]])
    add("seed_sub_grad_fn", b)
    v = T([1.0, 2.0, 3.0], requires_grad=True)
    add("seed_sum_scalar", (v * v).sum())  # tensor(14., grad_fn=<SumBackward0>)
    add("seed_sum_scalar_direct", T([[2.0, 3.0], [4.0, 5.0]], requires_grad=True).sum())

    # --- float32 basics ----------------------------------------------------
    add("int_floats", T([1.0, 2.0, 3.0]))
    add("int_floats_neg", T([-1.0, 0.0, 10.0, -250.0]))
    add("one_e_minus5", T([1e-5]))
    add("one_e_minus5_mixed", T([1e-5, 1.0, 2.5]))
    add("one_e8", T([1e8]))
    add("one_e8_plus", T([1e8, 2e8]))
    add("one_e8_f64", T([1e8, 1.5], dtype=f64))
    add("one_e_minus4_edge_f32", T([1e-4, 0.5]))
    add("one_e_minus4_edge_f64", T([1e-4, 0.05], dtype=f64))
    add("point1_plus_point2_f64", T([0.1 + 0.2], dtype=f64))
    add("point1_plus_point2_f32", T([0.1 + 0.2]))
    add("one_third", T([1 / 3, 2 / 3]))
    add("one_third_f64", T([1 / 3, -2 / 3], dtype=f64))
    add("negative_zero", T([-0.0]))
    add("negative_zero_mixed", T([-0.0, 1.0, 0.0]))
    add("negative_zero_frac", T([-0.0, 1.5]))
    add("negative_zero_scalar", T(-0.0))
    add("nan_only", T([float("nan")]))
    add("nan_mixed", T([1.0, float("nan"), 2.5]))
    add("inf_mixed", T([float("inf"), 1.0, -2.0]))
    add("neg_inf_mixed", T([-math.inf, 0.25, 3.0]))
    add("all_nonfinite", T([math.nan, math.inf, -math.inf]))
    add("nonfinite_and_zero", T([0.0, math.nan, -math.inf]))
    add("nonfinite_sci", T([math.nan, 1e-7, 3.0]))
    add("mixed_signs", T([-1.5, 2.25, -3.125, 4.0]))
    add("mixed_magnitudes_sci", T([0.001, 1.0, 1000.0, 12.5]))
    add("ratio_just_under_1000", T([1.0, 999.0]))
    add("ratio_just_over_1000", T([1.0, 1001.0]))
    add("ratio_1000_frac", T([0.5, 500.5]))
    add("very_large", T([1e30, -3e35]))
    add("very_small", T([1e-30, -2.5e-38]))
    add("huge_f64_exponent", T([1e300, 1e-300], dtype=f64))
    add("float32_point1", T([0.1, 0.2, 0.3]))
    add("float32_point1_f64", T([0.1, 0.2, 0.3], dtype=f64))
    add("half_thousand_big", T([0.5, 1e3, 123456.789]))
    add("float32_123456_789", T([123456.789]))
    add("rounding_half_even", T([0.00005, 0.00015, 2.5], dtype=f64))
    add("rounding_4dp", T([1.23455, 9.99995, -0.99996]))

    # --- 0-dim --------------------------------------------------------------
    add("scalar_float32", T(14.0))
    add("scalar_float32_frac", T(3.14159))
    add("scalar_float32_sci", T(1.5e-9))
    add("scalar_float32_nan", T(math.nan))
    add("scalar_float64", T(2.5, dtype=f64))
    add("scalar_int64", T(7))
    add("scalar_int32", T(-7, dtype=torch.int32))
    add("scalar_bool", T(True))
    add("scalar_float16", T(0.333, dtype=torch.float16))
    add("scalar_uint8", T(255, dtype=torch.uint8))
    add("scalar_requires_grad", T(2.0, requires_grad=True))

    # --- ints / bools / other dtypes -----------------------------------------
    add("int64_basic", T([1, -20, 300]))
    add("int64_2d", T([[1, 2, 3], [-40, 50, 600]]))
    add("int64_big", T([2**62, -(2**63)]))
    add("int32_basic", T([1, 2, 3], dtype=torch.int32))
    add("int32_2d", T([[10, -2], [3, 4]], dtype=torch.int32))
    add("int16_basic", T([1, -300], dtype=torch.int16))
    add("int8_basic", T([-128, 127], dtype=torch.int8))
    add("uint8_basic", T([0, 9, 255], dtype=torch.uint8))
    add("bool_basic", T([True, False, True]))
    add("bool_2d", T([[True, False], [False, False]]))
    add("float16_basic", T([0.1, 1.0, 65504.0], dtype=torch.float16))
    add("float16_int", T([1.0, 2.0], dtype=torch.float16))
    add("float64_basic", T([1.0, 2.0], dtype=f64))
    add("float64_requires_grad", T([1.0, 2.0], dtype=f64, requires_grad=True))
    add("float64_grad_fn", T([1.0, 2.0], dtype=f64, requires_grad=True) * 2)

    # --- empty ---------------------------------------------------------------
    add("empty_1d", torch.empty(0))
    add("empty_0x3", torch.empty(0, 3))
    add("empty_2x0x4", torch.empty(2, 0, 4))
    add("empty_int64", torch.empty(0, dtype=torch.int64))
    add("empty_int32_0x2", torch.empty(0, 2, dtype=torch.int32))
    add("empty_bool", torch.empty(0, dtype=torch.bool))
    add("empty_float64", torch.empty(0, dtype=f64))
    add("empty_requires_grad", torch.empty(0, 3, requires_grad=True))

    # --- long rows / wrapping ------------------------------------------------
    add("long_1d_arange_float", torch.arange(30, dtype=torch.float32))
    add("long_1d_fractions", torch.arange(40, dtype=torch.float32) / 7)
    add("long_1d_int", torch.arange(100, 160))
    add("long_1d_sci", torch.arange(1, 25, dtype=torch.float32) ** 6 * 1e-3)
    add("wide_2d_wrap", (torch.arange(60, dtype=torch.float32).reshape(3, 20) - 30) / 3)
    add("wide_2d_int_wrap", torch.arange(90).reshape(3, 30) * 1001)
    add("wide_3d_wrap", torch.arange(96, dtype=torch.float64).reshape(2, 2, 24) / 8)

    # --- N-D -----------------------------------------------------------------
    add("three_d", torch.arange(24, dtype=torch.float32).reshape(2, 3, 4))
    add("three_d_frac", torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 10)
    add("four_d", torch.arange(36, dtype=torch.float32).reshape(2, 3, 2, 3) - 17.5)
    add("four_d_int", torch.arange(16).reshape(2, 2, 2, 2))
    add("five_d_bool", (torch.arange(32).reshape(2, 2, 2, 2, 2) % 3) == 0)
    add("column_vector", T([[1.0], [2.5], [-3.0]]))
    add("singleton_dims", T([[[5.0]]]))

    # --- summarised ----------------------------------------------------------
    add("summ_1d_arange_2000", torch.arange(2000))
    add("summ_1d_arange_float", torch.arange(2000, dtype=torch.float32) / 3)
    add("threshold_1000_not_summarised", torch.arange(1000))
    add("threshold_1001_summarised", torch.arange(1001, dtype=torch.float32))
    add("summ_2d_40x40", torch.arange(1600, dtype=torch.float32).reshape(40, 40))
    add("summ_2d_int", torch.arange(1600).reshape(40, 40) - 800)
    add("summ_3d_12", torch.arange(1728, dtype=torch.float32).reshape(12, 12, 12) / 100)
    add("summ_2d_narrow", torch.arange(2000, dtype=torch.float32).reshape(400, 5))
    add("summ_2d_wide", torch.arange(2000, dtype=torch.float32).reshape(5, 400))
    add("summ_hidden_extreme", torch.cat([T([1.0, 2.0, 3.0]), torch.full((1000,), 1e-9), T([4.0, 5.0, 6.0])]))
    add("summ_bool", torch.arange(1200) % 2 == 0)

    # --- random normals --------------------------------------------------------
    g = torch.Generator().manual_seed(1234)
    add("randn_5", torch.randn(5, generator=g))
    add("randn_3x4", torch.randn(3, 4, generator=g))
    add("randn_2x3x4", torch.randn(2, 3, 4, generator=g))
    add("randn_scaled_sci", torch.randn(4, 3, generator=g) * 1e5)
    add("randn_tiny", torch.randn(6, generator=g) * 1e-6)
    add("randn_f64", torch.randn(3, 3, generator=g, dtype=f64))
    add("randn_long_row", torch.randn(1, 25, generator=g))
    add("randn_summ", torch.randn(50, 50, generator=g))

    # --- requires_grad / grad_fn ---------------------------------------------
    x = torch.randn(2, 3, generator=g, requires_grad=True)
    add("rg_leaf_randn", x)
    add("gf_mul", x * 2)
    add("gf_add", x + 1)
    add("gf_div", x / 3)
    add("gf_neg", -x)
    add("gf_pow", x**2)
    add("gf_exp", x.exp())
    add("gf_tanh", x.tanh())
    add("gf_matmul", x @ x.T)
    add("gf_mean", x.mean())
    add("gf_sum_dim", x.sum(dim=0))
    add("gf_transpose", x.t())
    add("gf_view", x.view(3, 2))
    add("gf_relu", x.relu())
    add("gf_index", x[0])
    add("gf_long_custom_name", AVeryLongCustomFunctionNameSoTheGradFnSuffixWrapsOntoANewLine.apply(x))
    # last line close to 80 columns: the suffix must wrap
    add("rg_long_row_wraps_suffix", torch.arange(14, dtype=torch.float32).requires_grad_())
    add("gf_long_row_wraps_suffix", torch.arange(12, dtype=torch.float32, requires_grad=True) * 1)
    add("gf_long_row_f64_two_suffixes", torch.arange(13, dtype=f64, requires_grad=True) + 0)
    add("rg_2d_last_row_long", (torch.arange(36, dtype=torch.float32).reshape(3, 12) / 4).requires_grad_())
    add("rg_summ_requires_grad", torch.arange(1600, dtype=torch.float32).reshape(40, 40).requires_grad_())
    add("gf_scalar_f64", (T([1.0, 2.0], dtype=f64, requires_grad=True) ** 2).sum())


def main() -> int:
    build()
    with open(OUT, "w") as fh:
        json.dump(CASES, fh, indent=1)
        fh.write("\n")
    print(f"wrote {len(CASES)} cases to {OUT} (torch {torch.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
