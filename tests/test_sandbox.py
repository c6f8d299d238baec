"""SPEC §6: no script text reaches a Python object's internals, and every
limit of the language ends with a clear error (never a hang, a crash or a
Python traceback)."""
import pytest

from gradcli.session import run_source


def run(src, **kw):
    return run_source(src, "<t>", **kw)


@pytest.mark.parametrize("src,kind,message", [
    ("x = 1\nprint('{0.__class__}'.format(x))", "NotSupportedError",
     "format fields with attribute or item access ('{0.__class__}') are not supported"),
    ("x = 1\nprint('{0.__class__.__init__.__globals__}'.format(x))", "NotSupportedError",
     "format fields with attribute or item access ('{0.__class__.__init__.__globals__}') are not supported"),
    ("print('{a[0]}'.format(a=[1]))", "NotSupportedError",
     "format fields with attribute or item access ('{a[0]}') are not supported"),
    ("x = 1\nprint(f'{x.__class__}')", "AttributeError", "'int' object has no attribute '__class__'"),
    ("print('%(__class__)s' % {'a': 1})", "KeyError", "'__class__'"),
    ("print('%(a.__class__)s' % {'a': 1})", "KeyError", "'a.__class__'"),
    ("print('%(__len__)s' % [1])", "TypeError", "list indices must be integers or slices, not str"),
    ("print(type(1).__mro__)", "AttributeError", "'type' object has no attribute '__mro__'"),
    ("print(type(1).__subclasses__)", "AttributeError", "'type' object has no attribute '__subclasses__'"),
    ("def f():\n    pass\nprint(f.__globals__)", "AttributeError", "'function' object has no attribute '__globals__'"),
    ("def f():\n    pass\nprint(f.__code__)", "AttributeError", "'function' object has no attribute '__code__'"),
    ("g = lambda: 0\nprint(g.__closure__)", "AttributeError", "'function' object has no attribute '__closure__'"),
    ("import math\nprint(math.__loader__)", "AttributeError", "module 'math' has no attribute '__loader__'"),
    ("import numpy as np\nprint(np.__dict__)", "AttributeError", "module 'numpy' has no attribute '__dict__'"),
    ("import numpy as np\nprint(np.ones(2)[0].__class__)", "AttributeError",
     "'numpy.float64' object has no attribute '__class__'"),
    ("import numpy as np\nprint(np.ones(2)[0].view)", "AttributeError", "'numpy.float64' object has no attribute 'view'"),
    ("import numpy as np\nprint(np.int8(1).__array_interface__)", "AttributeError",
     "'numpy.int8' object has no attribute '__array_interface__'"),
    ("import numpy as np\nprint(f'{np.float32(1).__class__}')", "AttributeError",
     "'numpy.float32' object has no attribute '__class__'"),
    ("import numpy as np\nprint('{0.dtype}'.format(np.float32(1)))", "NotSupportedError",
     "format fields with attribute or item access ('{0.dtype}') are not supported"),
    ("import torch\nprint(torch.device('cpu').__class__)", "AttributeError",
     "'torch.device' object has no attribute '__class__'"),
    ("print('a'.__class__)", "AttributeError", "'str' object has no attribute '__class__'"),
    ("print({}.__class__)", "AttributeError", "'dict' object has no attribute '__class__'"),
    ("print([].__class__)", "AttributeError", "'list' object has no attribute '__class__'"),
    ("print(print.__self__)", "AttributeError", "'builtin_function_or_method' object has no attribute '__self__'"),
    ("import torch\ns = torch.optim.lr_scheduler.StepLR(torch.optim.SGD([torch.ones(1, requires_grad=True)]), 1)\n"
     "print(s.__dict__)", "AttributeError", "'StepLR' object has no attribute '__dict__'"),
    ("import torch\nd = torch.utils.data.DataLoader([1])\nprint(d.__class__)", "AttributeError",
     "'DataLoader' object has no attribute '__class__'"),
    ("import torch\nprint(next(iter(torch.utils.data.DataLoader([1]))).__class__)", "AttributeError",
     "'Tensor' object has no attribute '__class__'"),
    ("import torch\nm = torch.nn.Linear(1, 1)\nprint(m.load_state_dict(m.state_dict()).__init__)", "AttributeError",
     "'_IncompatibleKeys' object has no attribute '__init__'"),
    ("import torch\nprint(torch.nn.Linear(1, 1).parameters().gi_frame)", "AttributeError",
     "'generator' object has no attribute 'gi_frame'"),
    ("import torch\nprint(torch.backends.cudnn.__dict__)", "AttributeError",
     "module 'torch.backends.cudnn' has no attribute '__dict__'"),
    ("print(__builtins__)", "NameError", "'__builtins__' is not available in gradcli scripts"),
    ("globals()", "NameError", "'globals' is not available in gradcli scripts"),
    ("vars()", "NameError", "'vars' is not available in gradcli scripts"),
    ("getattr(1, 'real')", "NameError", "'getattr' is not available in gradcli scripts"),
    ("eval('1')", "NameError", "'eval' is not available in gradcli scripts"),
    ("exec('1')", "NameError", "'exec' is not available in gradcli scripts"),
    ("open('x')", "NameError", "'open' is not available in gradcli scripts"),
    ("__import__('os')", "NameError", "'__import__' is not available in gradcli scripts"),
    ("import numpy as np\nnp.load('x.npy')", "NotSupportedError",
     "numpy.load is not available in gradcli scripts: scripts can't read or write files"),
    ("import numpy as np\nnp.save('x.npy', np.ones(2))", "NotSupportedError",
     "numpy.save is not available in gradcli scripts: scripts can't read or write files"),
    ("import numpy as np\nimport torch\nnp.add(torch.ones(2), 1)", "TypeError",
     "np.add() takes numpy arrays and numbers, not 'Tensor' and 'int'"),
    ("import numpy as np\nnp.add(np.ones(2), 1, out=[0, 0])", "TypeError",
     "return arrays must be of ArrayType, not list"),
    ("import numpy as np\nnp.add(np.arange(2), 0.5, out=np.arange(2))", "TypeError",
     "Cannot cast ufunc 'add' output from dtype('float64') to dtype('int64') with casting rule 'same_kind'"),
    ("import os", "ImportError", None),
    ("from os import path", "ImportError", None),
    ("import sys", "ImportError", None),
    ("print(type(1)('5').__class__)", "AttributeError", "'int' object has no attribute '__class__'"),
    ("type('A', (), {})", "NotSupportedError", "type() with 3 arguments (making a class) is not supported"),
])
def test_escape_routes_are_clear_errors(src, kind, message):
    r = run(src)
    assert r.exit_code == 1
    assert r.error.kind == kind
    if message is not None:
        assert r.error.message == message
    assert r.error.span is not None


@pytest.mark.parametrize("src,kind,message", [
    ("x = 'a' * 10**10", "LimitError", "a sequence of 10,000,000,000 items is over the limit of 10,000,000"),
    ("x = [0] * 10**9", "LimitError", "a sequence of 1,000,000,000 items is over the limit of 10,000,000"),
    ("x = 'ab'\nfor i in range(40):\n    x = x + x", "LimitError", None),
    ("x = 'a'.ljust(10**9)", "LimitError", None),
    ("x = 'a' * 1000\ny = x.replace('a', 'b' * 100000)", "LimitError", None),
    ("x = f'{1:100000000}'", "LimitError", "format width or precision over 100,000"),
    ("x = '%100000000d' % 1", "LimitError", "format width or precision over 100,000"),
    ("import math\nmath.factorial(10**7)", "LimitError", "factorial() of a number over 100,000"),
    ("def f(n):\n    return f(n + 1)\nf(0)", "RecursionError", "maximum recursion depth exceeded"),
    ("f = lambda n: f(n + 1)\nf(0)", "RecursionError", "maximum recursion depth exceeded"),
    ("def f(n):\n    return sum(f(n + 1) for i in range(1))\nf(0)", "RecursionError",
     "maximum recursion depth exceeded"),
    ("def f(n):\n    return list(map(f, [n + 1]))\nf(0)", "RecursionError", "maximum recursion depth exceeded"),
])
def test_limits_are_clear_errors(src, kind, message):
    r = run(src)
    assert r.exit_code == 1, r.error
    assert r.error.kind == kind
    if message is not None:
        assert r.error.message == message


def test_while_true_stops_at_the_step_budget():
    r = run("n = 0\nwhile True:\n    n += 1\n", max_steps=10_000)
    assert r.exit_code == 1 and r.error.kind == "LimitError"
    assert r.error.message == "the script ran more than 10,000 statements"
    assert r.error.span.line == 3
    assert 4_000 <= r.variables["n"] <= 10_000


def test_loop_iterations_and_calls_count_against_the_budget():
    # 2 top-level statements; per iteration: the iteration, `f()`, the call, `return 1`
    ok = run("def f():\n    return 1\nfor i in range(100):\n    f()\n", max_steps=402)
    assert ok.exit_code == 0
    over = run("def f():\n    return 1\nfor i in range(100):\n    f()\n", max_steps=401)
    assert over.exit_code == 1 and over.error.kind == "LimitError"
    comp = run("x = [i for i in range(100000)]\n", max_steps=50_000)
    assert comp.exit_code == 1 and comp.error.kind == "LimitError"


def test_recursion_within_the_limit_runs_and_restores_python_limit():
    import sys
    before = sys.getrecursionlimit()
    r = run("def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\nprint(depth(900))\n")
    assert r.exit_code == 0, r.error
    assert r.events[0].values == (900,)
    assert sys.getrecursionlimit() == before


def test_deep_blocks_are_a_clear_error():
    src = "".join(" " * i + "if True:\n" for i in range(1001)) + " " * 1001 + "x = 1\n"
    r = run(src)
    assert r.exit_code == 2 and r.error.kind == "SyntaxError"
    assert r.error.message == "blocks nested too deeply (over 1000 levels)"
    assert r.error.span.line == 1002


def test_a_thousand_nested_blocks_run():
    src = "".join(" " * i + "if True:\n" for i in range(1000)) + " " * 1000 + "x = 1\n"
    r = run(src)
    assert r.exit_code == 0 and r.variables["x"] == 1


def test_bad_dedent_is_pythons_indentation_error():
    r = run("if True:\n    x = 1\n  y = 2\n")
    assert r.exit_code == 2
    assert (r.error.kind, r.error.message) == ("IndentationError",
                                               "unindent does not match any outer indentation level")
    assert (r.error.span.line, r.error.span.column) == (3, 8)      # Python's: the end of the line


@pytest.mark.parametrize("depth", [3000, 10000])
def test_deeply_nested_list_literals_are_clear_errors(depth):
    for src in ("x = " + "[" * depth + "1" + "]" * depth + "\n",
                "import torch\nx = torch.tensor(" + "[" * depth + "1" + "]" * depth + ")\n"):
        r = run(src)
        assert r.exit_code == 2 and r.error.kind == "SyntaxError"
        assert r.error.message == "expression nested too deeply (over 900 levels)"


@pytest.mark.parametrize("src,message", [
    ("import torch\nx = torch.tensor([1.0], requires_gradd=True)",
     "tensor() got an unexpected keyword argument 'requires_gradd'"),
    ("import torch\nx = torch.ones(2, requires_gr=True)", "ones() got an unexpected keyword argument 'requires_gr'"),
    ("import torch\nge(3)", "ge() missing 1 required positional argument: 'other'"),      # Python's words (a bare name)
    ("sum()", "sum() missing 1 required positional argument: 'it'"),
    ("'x'.center(5, 'ab')", "The fill character must be exactly one character long"),
    ("'a'.replace('l', 2)", "replace() argument 2 must be str, not int"),
])
def test_wrong_arguments_are_the_users_type_error(src, message):
    r = run(src)
    assert r.exit_code == 1 and r.error.kind == "TypeError"
    assert r.error.message == message
