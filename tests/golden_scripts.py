"""How an op-golden case becomes a script: shared by the golden generator
(tests/goldens/make_op_goldens.py) and tests/test_ops.py."""


def render_script(leaves, pre, expr, scalar, dtype_override=None, backward=True):
    lines = ["import torch"]
    for leaf in leaves:
        dtype = dtype_override or leaf["dtype"]
        lines.append(f"{leaf['name']} = torch.tensor({leaf_literal(leaf['values'])}, "
                     f"dtype=torch.{dtype}, requires_grad=True)")
    lines.extend(pre)
    lines.append(f"y = {expr}")
    lines.append("out = y" if scalar else "out = y.sum()")
    if backward:
        lines.append("out.backward()")
    return "\n".join(lines) + "\n"


def leaf_literal(values) -> str:
    if isinstance(values, list):
        return "[" + ", ".join(leaf_literal(v) for v in values) + "]"
    return repr(float(values))
