"""The language: parsing, spans, cells, limits, and the literal fast path."""
import numpy as np
import pytest

from gradcli.errors import ScriptSyntaxError
from gradcli.lang import ast as A
from gradcli.lang.parse import parse_module
from gradcli.session import run_source


def run(src):
    return run_source(src, "<t>")


def printed(r):
    from gradcli.render.pytext import print_text
    return "".join(print_text(e.values, e.sep, e.end) for e in r.events if e.kind == "print")


@pytest.mark.parametrize("src,expected", [
    ("print(-2**2)", "-4\n"),
    ("print(2**3**2)", "512\n"),
    ("print(2^3)", "8\n"),
    ("print(1 + 2 * 3 - 4 / 2)", "5.0\n"),
    ("print(7 // 2, 7 % 3, -7 // 2)", "3 1 -4\n"),
    ("print(1 < 2 < 3, 1 < 3 < 2)", "True False\n"),
    ("print(1 if 0 else 2, 0 or 5, 3 and 4, not 0)", "2 5 4 True\n"),
    ("a, b = 1, 2; a, b = b, a; print(a, b)", "2 1\n"),
    ("x = [1, 2, 3]\nx[1] = 9\nprint(x, len(x), x[-1], x[::2])", "[1, 9, 3] 3 3 [1, 3]\n"),
    ("print('a' 'b', \"c\\td\", r'\\n')", "ab c\td \\n\n"),
    ("print(1, 2, sep='-', end='!')\nprint()", "1-2!\n"),
    ("f = lambda a, b: a * b + 1\nprint(f(2, 3), f(b=1, a=2))", "7 3\n"),
    ("t = 0\nfor i in range(5):\n    t += i\nprint(t)", "10\n"),
    ("print(1e-3, .5, 1., 1_000, 0x10)", "0.001 0.5 1.0 1000 16\n"),
    ("print((1,), (), [1, (2, 3)], None, True)", "(1,) () [1, (2, 3)] None True\n"),
    ("x = [1, 2; 3, 4]\nprint(x)", "tensor([[1, 2],\n        [3, 4]])\n"),
    ("x = [1.5, 2; 3, 4]\nprint(sum(x), abs(-x).sum())", "tensor(10.5000) tensor(10.5000)\n"),
    ("print(sum([1, 2, 3]), max(1, 5, 2), min([4, 2]), abs(-3), round(2.567, 1))", "6 5 2 3 2.6\n"),
    ("x = torch.tensor([1., 2.])\nprint(exp(x) - torch.exp(x), x^2)", "tensor([0., 0.]) tensor([1., 4.])\n"),
    ("x = [1, 2] * torch.tensor(2.)\nprint(x)", "tensor([2., 4.])\n"),
])
def test_python_semantics(src, expected):
    r = run(src)
    assert r.exit_code == 0, r.error and r.error.message
    assert printed(r) == expected


def test_every_node_has_a_span():
    m = parse_module("x = (1 +\n  2) * y[0, 1:2]\nprint(x.sum(dim=0))\n")
    assign = m.cells[0].body[0]
    assert tuple(assign.span) == (1, 1, 2, 17)
    binop = assign.value
    assert isinstance(binop, A.BinOp) and binop.op == "*"
    assert tuple(binop.left.span) == (1, 5, 2, 5)          # the parentheses are part of it
    assert tuple(binop.op_span) == (2, 6, 2, 7)
    call = m.cells[0].body[1].value
    assert tuple(call.args[0].span) == (3, 7, 3, 19)


@pytest.mark.parametrize("src,message,line,col", [
    ("x = (1 +", "'(' was never closed", 1, 5),
    ("x = [1, 2", "'[' was never closed", 1, 5),
    ("y = 1\nz = y +* 2", "unexpected '*'", 2, 8),
    ("x = 1\n  y = 2", "unexpected indent", 2, 2),
    ("class A:\n  pass", "class definitions ('class') are not supported", 1, 1),
    ("x = 1\nclass A(B):\n  pass", "class definitions ('class') are not supported", 2, 1),
    ("try:\n  pass", "'try' statements are not supported", 1, 1),
    ("def f():\n    try:\n        pass\n    except:\n        pass", "'try' statements are not supported", 2, 5),
    ("def f():\n    yield 1", "'yield' statements are not supported", 2, 5),
    ("raise ValueError('x')", "'raise' statements are not supported", 1, 1),
    ("def f():\n    global x", "'global' statements are not supported", 2, 5),
    ("def f():\n    nonlocal x", "'nonlocal' statements are not supported", 2, 5),
    ("async def f():\n    pass", "'async' functions and statements are not supported", 1, 1),
    ("%matplotlib inline\nx = 1", "IPython magics ('%...') are not supported", 1, 1),
    ("!pip install torch", "IPython shell commands ('!...') are not supported", 1, 1),
    ("y = f'{x!z}'", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 13),
    ("y = f'{}'", "f-string: empty expression not allowed", 1, 10),
    ("y = f'a}'", "f-string: single '}' is not allowed", 1, 10),
    ("def f(a=1, b):\n    pass", "non-default argument follows default argument", 1, 12),
    ("def f(a, a):\n    pass", "duplicate argument 'a' in function definition", 1, 10),
    ("y = (*a)", "cannot use starred expression here", 1, 6),
    ("f(x) = 1", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1),
    ("x = $", "invalid character '$'", 1, 5),
    ("print(a=1, 2)", "positional argument follows keyword argument", 1, 12),
    ("x = 3j", "complex numbers are not supported", 1, 5),
])
def test_syntax_errors(src, message, line, col):
    with pytest.raises(ScriptSyntaxError) as info:
        parse_module(src)
    err = info.value
    assert err.message == message
    assert (err.span.line, err.span.column) == (line, col)


@pytest.mark.parametrize("src, col", [("x = 1 +", 8), ("z = -", 6), ("w = not", 8), ("x = 1 if", 9)])
def test_an_unfinished_expression_asks_for_an_expression(src, col):
    with pytest.raises(ScriptSyntaxError) as info:
        parse_module(src + "\n")
    err = info.value
    assert (err.message, err.hint) == ("unexpected end of the line", "expected an expression")
    assert (err.span.line, err.span.column) == (1, col)


def test_ten_thousand_parentheses_parse_and_run():
    src = "x = " + "(" * 10000 + "1" + ")" * 10000 + "\nprint(x)\n"
    r = run(src)
    assert r.exit_code == 0 and printed(r) == "1\n"


def test_too_deep_expression_is_a_clear_error():
    src = "x = " + "-(" * 3000 + "1" + ")" * 3000 + "\n"
    r = run(src)
    assert r.exit_code == 2
    assert r.error.kind == "SyntaxError" and "nested too deeply" in r.error.message


def test_deep_list_nesting_is_a_clear_error():
    src = "import torch\nx = torch.tensor(" + "[" * 100 + "1" + "]" * 100 + ")\n"
    r = run(src)
    assert r.exit_code == 1 and "too many dimensions" in r.error.message


def test_big_literal_fast_path_keeps_spans():
    rows = np.arange(60 * 50, dtype=np.float64).reshape(60, 50) / 7
    lit = "[" + ",\n ".join("[" + ", ".join(repr(float(v)) for v in r) + "]" for r in rows) + "]"
    src = f"import torch\nx = torch.tensor({lit})\ny = x.sum()\nz = undefined_name\n"
    r = run(src)
    np.testing.assert_array_equal(r.variables["x"].data, rows.astype(np.float32))
    assert r.error.kind == "NameError"
    assert (r.error.span.line, r.error.span.column) == (3 + 60 - 1 + 1, 5)


def test_big_matrix_literal_with_python_floats():
    body = "; ".join(", ".join(f".{i}{j}" for j in range(40)) for i in range(60))
    r = run(f"x = [{body}]\nprint(x.shape)\n")
    assert r.exit_code == 0 and printed(r) == "torch.Size([60, 40])\n"


def test_cells_run_on_after_an_error_and_display_the_last_expression():
    src = "# %%\nx = 1\nx\n# %%\ny = undefined\n# %%\nx + 1\n# %%\nz = (\n# %%\nx + 2\n"
    r = run(src)
    kinds = [(e.kind, e.line) for e in r.events]
    assert kinds == [("display", 3), ("error", 5), ("display", 7), ("error", 9), ("display", 11)]
    assert r.exit_code == 2                       # the highest: a syntax error in a cell


def test_plain_script_displays_nothing_and_stops_at_an_error():
    r = run("x = 1\nx\ny = undefined\nprint('not reached')\n")
    assert [e.kind for e in r.events] == ["error"] and r.exit_code == 1


def test_statement_budget():
    r = run_source("for i in range(100):\n    x = i\n", "<t>", max_steps=50)
    assert r.exit_code == 1 and r.error.kind == "LimitError" and "50" in r.error.message


def test_statement_budget_points_at_the_statement_that_ran_out():
    r = run_source("import torch\nfor i in range(100):\n    pass\n", "<t>", max_steps=50)
    assert r.error.kind == "LimitError"
    assert (r.error.span.line, r.error.span.column, r.error.span.end_column) == (3, 5, 9)


def test_element_limit():
    r = run_source("import torch\nx = torch.zeros(1000, 1000)\n", "<t>", max_elements=10_000)
    assert r.exit_code == 1 and r.error.kind == "LimitError"
    assert (r.error.span.line, r.error.span.column) == (2, 5)


def test_recursive_lambda_is_a_clear_error():
    r = run("f = lambda n: f(n)\nf(1)\n")
    assert r.exit_code == 1 and r.error.kind == "RecursionError"
    assert r.error.message == "maximum recursion depth exceeded"


@pytest.mark.parametrize("src,kind", [
    ("torch.__dict__", "AttributeError"),
    ("x = torch.ones(1)\nx.data.__class__", "AttributeError"),
    ("eval('1')", "NameError"),
    ("__import__('os')", "NameError"),
    ("import subprocess", "ImportError"),
    ("from os import path", "ImportError"),
    ("getattr(torch, 'ones')", "NameError"),
])
def test_scripts_reach_nothing_but_the_language(src, kind):
    r = run(src)
    assert r.exit_code == 1 and r.error.kind == kind


def test_statement_spans_on_later_lines():
    r = run("x = 1\n\nimport os\n")
    assert r.error.kind == "ImportError" and (r.error.span.line, r.error.span.column) == (3, 8)
    r = run("x = 1\nfor i in range(3):\n    y = undefined\n")
    assert (r.error.span.line, r.error.span.column) == (3, 9)
    r = run("import torch\ny = torch.ones(2)\nz = y[5]\n")
    assert r.error.message == "index 5 is out of bounds for dimension 0 with size 2"
    assert tuple(r.error.span) == (3, 5, 3, 9)


def test_iter_with_a_sentinel_is_a_clear_error():
    r = run("iter(print, 1)")
    assert r.exit_code == 1 and r.error.kind == "NotSupportedError"
    assert r.error.message.startswith("iter(callable, sentinel) is not supported")


@pytest.mark.parametrize("switch,show,during,after", [
    ("torch.backends.cudnn.deterministic = True\ntorch.use_deterministic_algorithms(True)\n",
     "print(torch.backends.cudnn.deterministic, torch.are_deterministic_algorithms_enabled())",
     "True True\n", "False False\n"),
    # grad mode switched off in a cell stays off in the next cells, as in a notebook
    ("torch.set_grad_enabled(False)\n# %%\n",
     "print(torch.is_grad_enabled(), (torch.ones(1, requires_grad=True) * 2).requires_grad)",
     "False False\n", "True True\n"),
])
def test_global_switches_last_until_the_end_of_their_script(switch, show, during, after):
    assert printed(run("# %%\nimport torch\n" + switch + show)) == during
    assert printed(run("import torch\n" + show)) == after


@pytest.mark.parametrize("src,kind,message", [
    ("import torch\ntorch.cuda.current_device()", "NotImplementedError",
     "gradcli does not support torch.cuda.current_device: it computes on the CPU"),
    ("import torch\ntorch.backends.mps.empty_cache()", "NotImplementedError",
     "gradcli does not support torch.backends.mps.empty_cache: it computes on the CPU"),
    ("import torch\ntorch.backends.cudnn.foo = True", "AttributeError",
     "module 'torch.backends.cudnn' attribute 'foo' cannot be set in gradcli scripts"),
    ("import torch\ntorch.ones = 1", "AttributeError", "module 'torch' attribute 'ones' cannot be set in gradcli scripts"),
    ("import torch\ntorch.use_deterministic_algorithms(1)", "TypeError",
     "_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not int"),
    ("import torch\ntorch.use_deterministic_algorithms(True, warn_only=None)", "TypeError",
     "_set_deterministic_algorithms(): argument 'warn_only' must be bool, not NoneType"),
])
def test_accelerator_modules_answer_as_pytorch_without_a_gpu(src, kind, message):
    r = run(src)
    assert r.exit_code == 1 and r.error.kind == kind and r.error.message == message
    assert r.error.span.line == 2


@pytest.mark.parametrize("src,kind,message", [
    ("import torch\nfrom torch import nn\nnn.TransformerEncoderLayer(4, 2)", "NotImplementedError",
     "gradcli does not support torch.nn.TransformerEncoderLayer yet"),
    ("import torch\nimport torch.optim as optim\noptim.swa_utils", "NotImplementedError",
     "gradcli does not support torch.optim.swa_utils yet"),
    ("import torch\nimport torch.optim as optim\noptim.Rprop", "NotImplementedError",
     "gradcli does not support torch.optim.Rprop yet"),
    ("import torch\nimport torch\ntorch.autograd.Function(torch.ones(1))", "NotImplementedError",
     "gradcli does not support torch.autograd.Function yet"),
    ("import torch\nfrom torch import nn\nnn.Linaer(1, 2)", "AttributeError", "module 'torch.nn' has no attribute 'Linaer'"),
    ("import torch\nimport math\nfrom torch.utils.data import WeightedRandomSampler", "NotImplementedError",
     "gradcli does not support torch.utils.data.WeightedRandomSampler yet"),
    ("import torch\nimport math\nfrom torch.utils.data import DataLoadr", "ImportError",
     "cannot import name 'DataLoadr' from 'torch.utils.data'"),
])
def test_a_pytorch_name_gradcli_lacks_is_not_a_missing_attribute(src, kind, message):
    r = run(src)
    assert r.exit_code == 1 and r.error.kind == kind and r.error.message == message
    assert r.error.span.line == 3


def test_from_future_imports_open_a_script_and_change_nothing():
    r = run('"""Old tutorial."""\nfrom __future__ import print_function, division\n'
            "from __future__ import absolute_import as aa\nimport torch\nprint(7 / 2, torch.ones(1))\n")
    assert r.exit_code == 0 and printed(r) == "3.5 tensor([1.])\n"


def test_a_from_future_import_in_a_function_fails_when_it_runs():
    r = run("def f():\n    from __future__ import division\nprint(1)\nf()\n")
    assert r.exit_code == 2 and printed(r) == "1\n"
    assert r.error.message == "from __future__ imports must occur at the beginning of the file"
    assert r.error.span.line == 2
