"""Record PyTorch's forward values, grad_fn names and leaf gradients for a set
of small autograd scripts, as golden cases for tests/test_ops.py.

Run with torch installed (the oracle, torch==2.13.0):

    /work/venv/bin/python tests/goldens/make_op_goldens.py

Writes tests/goldens/ops.json: a list of cases, each

    {"id", "expr", "leaves", "pre", "scalar", "script",
     "grad_fn", "y": {"dtype", "shape", "values"},
     "grads": {leaf name: {"dtype", "shape", "values"}}}

* leaves: [{"name", "dtype", "shape", "values"}] -- values are the nested
  Python-float lists written into the script (repr round-trips exactly);
* pre: extra script lines after the leaves (constants, imports);
* scalar: whether y is already 0-dim (then ``out = y``, else ``out = y.sum()``);
* script: the exact script text (valid Python+PyTorch and gradcli), made by
  ``render_script`` -- tests/test_ops.py has a copy of that function and checks
  that it reproduces ``script``;
* y / grads values: nested lists of float.hex strings (exact round-trip).

The scripts are executed here with real torch via ``exec``: this generator is
a dev tool; gradcli itself never imports torch.
"""

from __future__ import annotations

import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from golden_scripts import render_script  # noqa: E402  (shared with tests/test_ops.py)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "ops.json")


# --------------------------------------------------------------------------
# script rendering (keep in sync with tests/test_ops.py::render_script)
# --------------------------------------------------------------------------

# --------------------------------------------------------------------------

def hex_nested(values):
    if isinstance(values, list):
        return [hex_nested(v) for v in values]
    return float(values).hex()


def describe(t: torch.Tensor) -> dict:
    return {
        "dtype": str(t.dtype).replace("torch.", ""),
        "shape": list(t.shape),
        "values": hex_nested(t.detach().tolist()),
    }


def grad_fn_name(t: torch.Tensor):
    if t.grad_fn is None:
        return None
    name = type(t.grad_fn).__name__
    if name == "CppFunction":
        name = t.grad_fn.name().rsplit("::", 1)[-1]
    return name


def shape_of(values) -> list:
    shape = []
    while isinstance(values, list):
        shape.append(len(values))
        values = values[0] if values else None
    return shape


CASES: list[dict] = []


def add(case_id: str, expr: str, leaves: dict, pre=(), dtype: str = "float64") -> None:
    """leaves: name -> nested values, or name -> (nested values, dtype)."""
    if any(c["id"] == case_id for c in CASES):
        raise SystemExit(f"duplicate case id {case_id}")
    leaf_list = []
    for name, spec in leaves.items():
        values, ldtype = spec if isinstance(spec, tuple) else (spec, dtype)
        leaf_list.append({"name": name, "dtype": ldtype, "shape": shape_of(values), "values": values})
    pre = list(pre)
    # first pass: find out whether y is 0-dim
    probe = render_script(leaf_list, pre, expr, scalar=False, backward=False)
    ns: dict = {}
    exec(compile(probe, f"<{case_id}:probe>", "exec"), ns)
    scalar = ns["y"].dim() == 0
    script = render_script(leaf_list, pre, expr, scalar)
    ns = {}
    exec(compile(script, f"<{case_id}>", "exec"), ns)
    y = ns["y"]
    grads = {}
    for leaf in leaf_list:
        t = ns[leaf["name"]]
        if t.grad is None:
            raise SystemExit(f"{case_id}: leaf {leaf['name']} got no gradient")
        grads[leaf["name"]] = describe(t.grad)
    CASES.append({
        "id": case_id,
        "expr": expr,
        "leaves": leaf_list,
        "pre": pre,
        "scalar": scalar,
        "script": script,
        "grad_fn": grad_fn_name(y),
        "y": describe(y),
        "grads": grads,
    })


# --------------------------------------------------------------------------
# inputs: chosen away from non-differentiable points and kinks
# --------------------------------------------------------------------------
M23 = [[0.3, 1.2, 0.7], [1.9, 0.45, 2.3]]          # positive, none near 0.5
M23B = [[1.1, 0.6, 2.5], [0.8, 1.7, 0.35]]         # positive
N23 = [[-1.3, 0.4, 2.1], [0.7, -0.6, -2.2]]        # signed, nonzero
M32 = [[0.9, 1.4], [0.2, 2.6], [1.3, 0.75]]
V3 = [0.9, 1.6, 0.25]
U3 = [1.2, 0.35, 2.05]
V2 = [0.65, 1.8]
V5 = [0.3, -1.1, 2.4, 0.8, -0.45]
C21 = [[0.4], [1.3]]
R13 = [[0.6, 1.5, 2.2]]
S0 = 0.7                                          # 0-dim
A223 = [[[0.5, 1.25, -0.75], [2.0, 0.1, -1.5]], [[1.1, -0.3, 0.85], [0.6, 1.7, -0.9]]]
B234 = [[[0.2, 1.0, -0.4, 0.7], [1.3, -0.8, 0.55, 0.15], [-0.6, 0.9, 1.2, 0.35]],
        [[0.45, -1.1, 0.3, 0.8], [0.95, 0.25, -0.7, 1.4], [0.05, 0.65, 1.05, -0.2]]]
SEED = [[1.0, 2.0], [3.0, 4.0]]
Z23 = [[0.0, 1.2, 0.7], [1.9, 0.0, 0.0]]          # zeros (prod's gradient)
Z3 = [1.3, 0.0, 0.6]


def build() -> None:
    x, xw = {"x": M23}, {"x": M23, "w": M23B}

    # ***** binary arithmetic: tensor/tensor, tensor/scalar, scalar/tensor *****
    add("add_tt", "x + w", xw)
    add("sub_tt", "x - w", xw)
    add("mul_tt", "x * w", xw)
    add("div_tt", "x / w", xw)
    add("pow_tt", "x ** w", xw)
    add("add_ts", "x + 2", x)
    add("add_st", "2 + x", x)
    add("sub_ts", "x - 2", x)
    add("sub_st", "2 - x", x)
    add("mul_ts", "x * 3", x)
    add("mul_st", "3 * x", x)
    add("mul_ts_float", "x * 2.5", x)
    add("div_ts", "x / 4", x)
    add("div_st", "2 / x", x)
    add("pow_ts_2", "x ** 2", x)
    add("pow_ts_half", "x ** 0.5", x)
    add("pow_ts_neg", "x ** -1.5", x)
    add("pow_ts_0", "x ** 0", x)
    add("pow_st", "2 ** x", x)
    add("pow_st_float", "0.5 ** x", x)
    add("neg", "-x", {"x": N23})
    add("same_leaf_twice", "x * x", x)

    # ***** broadcasting *****
    add("bcast_23_3_add", "x + v", {"x": M23, "v": V3})
    add("bcast_23_3_mul", "x * v", {"x": M23, "v": V3})
    add("bcast_23_3_div", "v / x", {"x": M23, "v": V3})
    add("bcast_23_3_pow", "x ** v", {"x": M23, "v": V3})
    add("bcast_21_13_mul", "c * r", {"c": C21, "r": R13})
    add("bcast_21_13_sub", "c - r", {"c": C21, "r": R13})
    add("bcast_3_0d_mul", "v * s", {"v": V3, "s": S0})
    add("bcast_0d_3_div", "s / v", {"v": V3, "s": S0})
    add("bcast_3_0d_pow", "v ** s", {"v": V3, "s": S0})
    add("bcast_223_3_add", "a + v", {"a": A223, "v": V3})

    # ***** reductions *****
    add("sum_all", "x.sum()", x)
    add("sum_dim0", "x.sum(0)", x)
    add("sum_dim1_keepdim", "x.sum(dim=1, keepdim=True)", x)
    add("sum_tuple", "x.sum((0, 1))", x)
    add("sum_neg_dim", "x.sum(-1)", x)
    add("sum_0d", "s.sum()", {"s": S0})
    add("torch_sum", "torch.sum(x)", x)
    add("torch_sum_dim", "torch.sum(x, 1)", x)
    add("mean_all", "x.mean()", x)
    add("mean_dim1", "x.mean(1)", x)
    add("mean_dim0_keepdim", "x.mean(0, keepdim=True)", x)
    add("torch_mean", "torch.mean(x)", x)
    add("sum_3d_dims", "a.sum((0, 2))", {"a": A223})

    # ***** unary math, function and method forms *****
    for name, data in [("exp", M23), ("log", M23), ("sin", N23), ("cos", N23), ("tanh", N23),
                       ("sigmoid", N23), ("relu", N23), ("sqrt", M23), ("abs", N23)]:
        add(f"torch_{name}", f"torch.{name}(x)", {"x": data})
        add(f"method_{name}", f"x.{name}()", {"x": data})
    add("functional_relu", "F.relu(x)", {"x": N23}, pre=["import torch.nn.functional as F"])

    # ***** named arithmetic *****
    add("method_add", "x.add(w)", xw)
    add("torch_add_alpha", "torch.add(x, w, alpha=2)", xw)
    add("method_sub", "x.sub(w)", xw)
    add("torch_mul", "torch.mul(x, w)", xw)
    add("method_div", "x.div(w)", xw)
    add("method_pow_3", "x.pow(3)", x)
    add("torch_pow_tt", "torch.pow(x, w)", xw)
    add("method_neg", "x.neg()", {"x": N23})

    # ***** matrix products *****
    add("matmul_fn_2d2d", "torch.matmul(a, b)", {"a": M23, "b": M32})
    add("matmul_op_2d2d", "a @ b", {"a": M23, "b": M32})
    add("matmul_op_2d1d", "a @ v", {"a": M23, "v": V3})
    add("matmul_fn_2d1d", "torch.matmul(a, v)", {"a": M23, "v": V3})
    add("matmul_op_1d2d", "v @ b", {"v": V3, "b": M32})
    add("matmul_op_1d1d", "v @ u", {"v": V3, "u": U3})
    add("matmul_op_3d2d", "a @ b", {"a": A223, "b": M32})
    add("matmul_op_3d3d", "a @ b", {"a": A223, "b": B234})
    add("matmul_op_1d3d", "v @ b", {"v": V3, "b": B234})
    add("mm", "torch.mm(a, b)", {"a": M23, "b": M32})
    add("method_mm", "a.mm(b)", {"a": M23, "b": M32})
    add("mv", "torch.mv(a, v)", {"a": M23, "v": V3})
    add("dot", "torch.dot(v, u)", {"v": V3, "u": U3})
    add("bmm", "torch.bmm(a, b)", {"a": A223, "b": B234})

    # ***** shapes and views *****
    add("t", "x.t()", x)
    add("T", "x.T", x)
    add("torch_t", "torch.t(x)", x)
    add("reshape_flat", "x.reshape(-1)", x)
    add("view_32", "x.view(3, 2)", x)
    add("t_reshape", "x.t().reshape(6)", x)
    add("transpose", "x.transpose(0, 1)", x)
    add("permute", "a.permute(2, 0, 1)", {"a": A223})
    add("unsqueeze", "x.unsqueeze(1)", x)
    add("squeeze_dim", "c.squeeze(1)", {"c": C21})
    add("expand", "c.expand(2, 3)", {"c": C21})
    add("flatten", "a.flatten()", {"a": A223})
    add("clone", "x.clone()", x)

    # ***** indexing *****
    add("index_int", "x[0]", x)
    add("index_neg_int", "x[-1]", x)
    add("index_two_ints", "x[0, 1]", x)
    add("index_col", "x[:, 1]", x)
    add("index_slice", "x[1:]", x)
    add("index_step", "v[::2]", {"v": V5})
    add("index_col_step", "x[:, ::2]", x)
    add("index_none", "x[None]", x)
    add("index_ellipsis", "x[..., 0]", x)
    add("index_list", "x[[0, 1]]", {"x": M32})
    add("index_list_repeat", "x[[0, 0, 2]]", {"x": M32})
    add("index_mask", "x[x > 0.5]", x)
    add("index_3d_mixed", "a[1, :, 1:]", {"a": A223})

    # ***** seed notebook chains *****
    add("seed_chain_addsub", "((x + 2) * (x - 2)).sum()", {"x": SEED})
    add("seed_chain_powcube", "((x ** 2 * 3) ** 3).sum()", {"x": SEED})

    # ***** chains mixing several ops *****
    add("chain_mlp_tanh", "torch.tanh(x @ w + b).sum(1)",
        {"x": M23, "w": M32, "b": V2})
    add("chain_softmax", "torch.exp(x) / torch.exp(x).sum(1, keepdim=True)", {"x": N23})
    add("chain_sigmoid_log", "(torch.sigmoid(x) * torch.log(x)).mean(0)", x)
    add("chain_gauss", "torch.exp(-x ** 2).mean()", {"x": N23})
    add("chain_mse", "((x @ w - t) ** 2).mean()", {"x": M23, "w": V3},
        pre=["t = torch.tensor([1.5, -0.5], dtype=torch.float64)"])
    add("chain_reuse", "x * x + x.t().t() * 3 - x.sum(0)", x)
    add("chain_norm", "torch.sqrt((x * x).sum())", {"x": N23})
    add("chain_relu_mm", "torch.relu(x @ w).sum(0)", {"x": N23, "w": M32})
    add("chain_reshape_index", "x.reshape(3, 2)[1:] * 2", x)
    add("chain_abs_sqrt", "x.abs().sqrt()", {"x": N23})
    add("chain_sin_cos_exp", "torch.sin(x).cos() * x.exp()", {"x": N23})
    add("chain_rational", "(x / (1 + x ** 2)).sum(0)", {"x": N23})
    add("chain_center", "x - x.mean(1, keepdim=True)", x)
    add("chain_dot_trig", "torch.dot(torch.sin(v), torch.cos(u))", {"v": V3, "u": U3})
    add("chain_index_matmul", "(x[:, 1:] @ w[1:]) ** 2", {"x": M23, "w": M32})
    add("chain_batched_mean", "(a @ b).mean((0, 2))", {"a": A223, "b": B234})

    # ***** float32 *****
    f32 = "float32"
    add("f32_mul_tt", "x * w", xw, dtype=f32)
    add("f32_scalar_ops", "x * 2.5 + 1", x, dtype=f32)
    add("f32_seed_chain_addsub", "((x + 2) * (x - 2)).sum()", {"x": SEED}, dtype=f32)
    add("f32_seed_chain_powcube", "((x ** 2 * 3) ** 3).sum()", {"x": SEED}, dtype=f32)
    add("f32_exp_sum", "torch.exp(x).sum(0)", x, dtype=f32)
    add("f32_matmul", "a @ b", {"a": M23, "b": M32}, dtype=f32)
    add("f32_sigmoid_tanh", "torch.sigmoid(x) * torch.tanh(x)", {"x": N23}, dtype=f32)
    add("f32_mean_log", "torch.log(x).mean(1)", x, dtype=f32)
    add("f32_times_int_tensor", "x * k", x, dtype=f32, pre=["k = torch.tensor([1, 2, 3])"])
    add("mixed_f32_f64", "x * w", {"x": (M23, f32), "w": (M23B, "float64")})
    add("f32_double", "x.double() * 2", x, dtype=f32)
    # type promotion: a 0-dim tensor does not promote a higher-dim one of the same category
    add("promo_f32_times_f64_0d", "x * s", {"x": (M23, f32), "s": (S0, "float64")})
    add("promo_f32_plus_f64_1d", "x + v", {"x": (M23, f32), "v": (V3, "float64")})
    add("f64_to_float", "x.float() * 3", x)
    add("f64_to_dtype", "x.to(torch.float32)", x)

    # ***** more variants *****
    add("pow_tensor_0d_exponent", "x ** s", {"x": M23, "s": S0})
    add("pow_0d_base_tensor_exponent", "s ** x", {"x": M23, "s": S0})
    add("reciprocal", "x.reciprocal()", x)
    add("torch_div", "torch.div(x, w)", xw)
    add("method_div_scalar", "x.div(2)", x)
    add("method_sub_alpha", "x.sub(w, alpha=0.5)", xw)
    add("torch_rsub", "torch.rsub(x, 2)", x)
    add("mean_tuple", "x.mean((0, 1))", x)
    add("sum_tuple_keepdim", "x.sum(dim=(0, 1), keepdim=True)", x)
    add("mean_neg_dim", "x.mean(-1)", x)
    add("clone_0d", "s.clone() * 2", {"s": S0})
    add("mul_0d_0d", "s * r", {"s": S0, "r": 1.3})
    add("matmul_op_2d3d", "a @ b", {"a": M23, "b": B234})
    add("matmul_op_3d1d", "a @ v", {"a": A223, "v": V3})
    add("mT", "x.mT", x)
    add("transpose_neg", "x.transpose(-1, -2)", x)
    add("torch_transpose", "torch.transpose(x, 0, 1)", x)
    add("squeeze_all", "c.squeeze()", {"c": C21})
    add("unsqueeze_neg", "x.unsqueeze(-1)", x)
    add("expand_neg1", "c.expand(-1, 3)", {"c": C21})
    add("t_contiguous", "x.t().contiguous()", x)
    add("reshape_infer", "x.reshape(3, -1)", x)
    add("view_infer", "x.view(-1, 2)", x)
    add("index_two_lists", "x[[0, 1], [1, 2]]", x)
    add("index_col_list", "x[:, [0, 2]]", x)
    add("index_none_mid", "x[:, None]", x)
    add("index_tensor", "x[torch.tensor([1, 0])]", x)
    add("index_mask_1d", "v[v > 0]", {"v": V5})
    add("chain_neg_matmul", "-(x @ w) + x.sum()", {"x": M23, "w": M32})
    add("chain_sigmoid_wide", "torch.sigmoid(x * 20)", {"x": N23})
    add("squeeze_tuple", "c.squeeze((1,))", {"c": C21})
    add("squeeze_noop_dim", "c.squeeze(0)", {"c": C21})
    add("torch_squeeze_dim", "torch.squeeze(c, 1)", {"c": C21})
    add("sum_list_dims", "x.sum([0, 1])", x)
    add("index_neg_slice", "v[1:-1]", {"v": V5})
    add("index_slice_none", "x[1:, None]", x)

    # ***** selection, statistics, joining *****
    n, v, z = {"x": N23}, {"x": M23, "v": V3}, {"z": Z23}
    a = {"a": A223}
    add("max_all", "x.max()", x)
    add("torch_min_all", "torch.min(x)", x)
    add("max_dim_values", "x.max(1)[0]", x)
    add("max_dim_keepdim", "x.max(dim=0, keepdim=True).values", x)
    add("min_dim", "torch.min(x, 0).values", x)
    add("amax_dim", "x.amax(1)", x)
    add("amin_tuple", "x.amin((0, 1))", x)
    add("amax_3d_keepdim", "a.amax(dim=(0, 2), keepdim=True)", a)
    add("maximum", "torch.maximum(x, w)", xw)
    add("minimum", "torch.minimum(x, w)", xw)
    add("maximum_bcast_method", "x.maximum(v)", v)
    add("torch_max_other", "torch.max(x, w)", xw)
    add("prod_all", "x.prod()", x)
    add("prod_dim", "x.prod(1)", x)
    add("prod_keepdim", "torch.prod(x, 0, keepdim=True)", x)
    add("prod_zeros_all", "z.prod()", {"z": Z3})
    add("prod_zeros_dim", "z.prod(1)", z)
    add("prod_zeros_dim0", "z.prod(0)", z)
    add("prod_3d", "a.prod(-1)", a)
    add("std_all", "x.std()", x)
    add("std_dim", "x.std(1)", x)
    add("std_correction0", "x.std(dim=0, correction=0)", x)
    add("std_unbiased_false", "x.std(unbiased=False)", x)
    add("var_all", "x.var()", x)
    add("var_dim_keepdim", "x.var(1, keepdim=True)", x)
    add("torch_var_tuple", "torch.var(a, (0, 2))", a)
    add("var_correction2", "x.var(correction=2)", x)
    add("norm_all", "x.norm()", x)
    add("norm_fro", "x.norm(p='fro')", x)
    add("norm_p1", "x.norm(1)", n)
    add("norm_p3_dim", "x.norm(p=3, dim=1)", x)
    add("norm_inf", "x.norm(float('inf'))", n)
    add("norm_half_dim", "x.norm(0.5, dim=0)", x)
    add("norm_1p5", "x.norm(1.5)", n)
    add("torch_norm_keepdim", "torch.norm(a, dim=(1, 2), keepdim=True)", a)
    add("where_tt", "torch.where(x > 1, x, w)", xw)
    add("where_scalar", "torch.where(x > 0, x, 0.)", n)
    add("where_bcast", "torch.where(x > 1, x * 2, v)", v)
    add("where_method", "x.where(x < 1, w)", xw)
    add("cat_dim0", "torch.cat([x, w])", xw)
    add("cat_dim1_tuple", "torch.cat((x, w), 1)", xw)
    add("cat_unsqueeze", "torch.cat([x, v.unsqueeze(0)], dim=0)", v)
    add("concat_neg_dim", "torch.concat([x, x * 2], -1)", x)
    add("stack_dim0", "torch.stack([x, w])", xw)
    add("stack_dim2", "torch.stack([x, w], 2)", xw)
    add("stack_1d_neg", "torch.stack((v, u), dim=-1)", {"v": V3, "u": U3})
    add("chain_standardize", "(x - x.mean(1, keepdim=True)) / x.std(1, keepdim=True)", x)
    add("chain_unit_rows", "x / x.norm(dim=1, keepdim=True)", x)
    add("chain_cat_maxmin", "torch.cat([x.max(1)[0], x.amin(0)])", x)
    add("chain_stack_prod_norm", "torch.stack([x.prod(1), x.norm(dim=1)]).sum(0)", x)
    add("f32_std", "x.std()", x, dtype="float32")
    add("f32_norm_dim", "x.norm(dim=1)", x, dtype="float32")
    add("f32_prod_dim", "x.prod(1)", x, dtype="float32")
    add("f32_cat", "torch.cat([x, w])", xw, dtype="float32")
    add("f32_max_dim", "x.max(1)[0]", x, dtype="float32")


def main() -> None:
    torch.set_default_dtype(torch.float32)
    build()
    with open(OUT, "w") as fh:
        json.dump(CASES, fh, indent=1)
        fh.write("\n")
    print(f"wrote {len(CASES)} cases to {OUT} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
