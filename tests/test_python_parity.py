"""Plain-Python snippets (no torch) run by gradcli and by Python itself: the
printed text must be the same. Python is the oracle here, always present.
Also: errors a snippet raises have Python's type and message."""
import contextlib
import io
import re

import pytest

from gradcli.render.pytext import print_text
from gradcli.session import run_source

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")

SNIPPETS = {
    "if_elif_else": "for i in range(5):\n    if i == 0:\n        print('zero')\n    elif i < 3:\n        print('small', i)\n    else:\n        print('big', i)",
    "while_else_break": "n = 0\nwhile n < 10:\n    n += 1\n    if n == 3:\n        continue\n    if n == 6:\n        break\n    print(n)\nelse:\n    print('done')\nprint('after', n)",
    "for_else": "for i in range(3):\n    pass\nelse:\n    print('else ran', i)\nfor i in range(3):\n    if i == 1:\n        break\nelse:\n    print('not printed')",
    "nested_loops_break": "for i in range(3):\n    for j in range(3):\n        if j > i:\n            break\n        print(i, j, end=' ')\nprint()",
    "def_defaults_kwargs": "def f(a, b=2, *args, c=3, **kw):\n    return (a, b, args, c, kw)\nprint(f(1))\nprint(f(1, 5, 6, 7, c=0, z=9))\nprint(f(b=1, a=0))",
    "closures": "def make(n):\n    def add(x):\n        return x + n\n    return add\nadd3 = make(3)\nprint(add3(4), make(10)(1))",
    "closure_sees_later_binding": "def f():\n    return y * 2\ny = 21\nprint(f())",
    "recursion": "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint([fib(i) for i in range(15)])",
    "return_none": "def f(x):\n    if x:\n        return\n    print('no return')\nprint(f(1), f(0))",
    "lambda_defaults": "f = lambda a, b=10, *r: (a, b, r)\nprint(f(1), f(1, 2, 3))",
    "decorator_user": "def twice(fn):\n    def run(*a):\n        return fn(*a) * 2\n    return run\n@twice\ndef g(x):\n    return x + 1\nprint(g(3))",
    "star_calls": "def f(*a, **k):\n    return a, sorted(k.items())\nargs = [1, 2]\nprint(f(*args, 3, *range(2), x=1, **{'y': 2}))",
    "dict_display": "d = {'a': 1, 'b': 2, **{'c': 3}}\nd['d'] = 4\ndel d['a']\nprint(d, len(d), 'b' in d, d.get('x', 0))",
    "set_display": "s = {3, 1, 2, 3}\nprint(len(s), sorted(s), 2 in s, {*'aab'} == {'a', 'b'}, set())",
    "range_subscripts": "r = range(2, 20, 3)\nprint(r[3], r[-1], r[1:4], r[::-2], r[True], r[False:2], [1, 2, 3][True:])",
    "list_comp": "print([x * y for x in range(4) for y in range(x) if (x + y) % 2])",
    "dict_comp": "print({k: len(k) for k in ['a', 'bb', 'ccc'] if k != 'bb'})",
    "set_comp": "print(sorted({c.upper() for c in 'hello'}))",
    "genexp": "print(sum(x * x for x in range(10)), max(len(w) for w in ['a', 'abc']), list(x for x in 'ab'))",
    "comp_scope": "x = 'outer'\nys = [x for x in range(3)]\nprint(x, ys)",
    "nested_comp": "print([[i * j for j in range(3)] for i in range(3)])",
    "unpacking": "a, (b, c), d = 1, [2, 3], 'x'\nprint(a, b, c, d, [*range(2), *'ab'], (*[1], 2))",
    "star_targets": "a, *b = 1, 2, 3\n*c, d = 'xyz'\ne, *f, g = range(5)\nh, *i = [1]\nt = *b, 0\nprint(a, b, c, d, e, f, g, h, i, t)",
    "swap": "a, b = 1, 2\na, b = b, a\nprint(a, b)",
    "augassign": "x = 5\nx += 2\nx -= 1\nx *= 3\nx //= 4\nx **= 2\nx %= 7\nprint(x)\nl = [1]\nl += [2]\nl *= 2\nprint(l)\ns = 'a'\ns += 'b'\nprint(s)",
    "in_is": "print(1 in [1, 2], 3 not in (1, 2), 'a' in 'cat', None is None, [] is not [], 2 in {2: 0}, 3 in range(5))",
    "chained_compare": "x = 5\nprint(1 < x < 10, 1 < x > 6, x == 5 != 4)",
    "fstrings": "x, name, pi = 42, 'gradcli', 3.14159\nprint(f'{x} {x:5d} {x:<5}| {x:^7} {x:+} {x:x} {x:o} {x:b} {x:#x} {x:,} {x:08.3f}')\nprint(f'{name!r} {name!s:>10} {name!a} {pi:.3} {pi:.2e} {pi:g} {pi:%} {1e20:g} {-0.0} {1/3}')",
    "fstring_debug": "x = 3\nlst = [1, 2]\nprint(f'{x=} {x = } {x=:.2f} {lst=} {x*2=} {lst[0]=!s}')",
    "fstring_nested": "w, p, v = 10, 3, 2.71828\nprint(f'[{v:{w}.{p}f}] [{v:>{w}}] [{\"ab\":{\"*\"}^{w}}]')",
    "fstring_braces": "print(f'{{}} {{x}} {1}{{', f'''{'tri'}''', rf'\\n{1}')",
    "str_format": "print('{} {} {}'.format(1, 'a', [2]), '{1} {0} {1}'.format('x', 'y'), '{n:>4}|{m!r}'.format(n=5, m='q'), '{:{}}|'.format('z', 3), '{{}}'.format())",
    "percent": "print('%d %i %5.2f %-4s| %r %x %X %o %e %g %c %%' % (1, 2, 3.14159, 'ab', 'q', 255, 255, 8, 1234.5, 0.00001, 65))\nprint('%s' % 'one', '%s' % (1,), '%s-%s' % ('a', 'b'), '%.1f%%' % 99.5, '%+d' % 5, '%05.1f' % 2.25)",
    "divmod": "print(divmod(17, 5), divmod(-17, 5), divmod(17.5, -5), divmod(True, 2), divmod(10**30, 7), divmod(7, 2.5))\nprint(divmod(-0.0, 1), divmod(1, float('inf')), divmod(-1, float('inf')), divmod(float('inf'), 1), divmod, divmod(*[9, 4]))",
    "percent_mapping": "d = {'a': 'lr', 'b': 0.1, 'a(b)c': 3, '': 'empty', 'n': [1, {'k': 'é'}]}\nprint('%(a)s=%(b).2f %%' % d, '%(a)r %(a)a %(n)a' % d, '%(a(b)c)+05d|%(a)-4s|%()s' % d)\nprint('%(b)s %(b)s' % d, 'no fields' % d, 'no fields' % [1], '%s' % d, '%s' % [1, 2], '%(0)s' % {'0': 1})",
    "ascii_conversions": "s = 'é\\'\"'\nprint(f'{s!a}', '{!a}'.format(s), f'{[s]!a}', '%a' % (s,))",
    "percent_star_and_flags": "print('%*d|%-*d|%*d|%.*f|%.*f|%*.*f|' % (5, 3, 4, 1, -4, 2, 2, 3.14159, -2, 3.14159, 8, 3, 2.5))\nprint('%#x %#o %#X %x %.3d % d %+.2e %5c|%-3c|%.2s|%5.1s|%ld %hd %Lf' % (255, 8, -255, -1, 5, 7, 1234.5, 'a', 66, 'abc', 'xyz', 1, 2, 3.0))\nprint('%d %i %u' % (3.9, -2.5, True), '%s %r %a' % ('é', 'it\\'s \"q\"', 'é\\'\"'), 'none' % ())",
    "str_methods": "s = ' Hello World '\nprint(s.strip(), s.lower(), s.upper(), s.split(), s.strip().split('o'), '-'.join(['a', 'b']), s.replace('l', 'L', 2))\nprint(s.startswith(' H'), s.endswith('d'), s.count('l'), s.find('W'), s.find('z'), s.strip().ljust(12, '.'), 'x'.rjust(3), 'x'.center(5, '*'), '5'.zfill(3), 'a b'.title())",
    "list_methods": "a = [3, 1, 2]\na.append(4)\na.extend((5, 6))\na.insert(1, 9)\nprint(a.pop(), a.pop(0), a, a.index(2), a.count(1))\na.sort(reverse=True)\nprint(a)\na.sort(key=lambda v: (v % 2, v))\nprint(a)\na.reverse()\na.remove(9)\nb = a.copy()\nb.clear()\nprint(a, b)",
    "dict_methods": "d = {'b': 2, 'a': 1}\nprint(list(d.keys()), list(d.values()), list(d.items()), d.get('z'), d.setdefault('c', 3), d.pop('a'), d)\nd.update({'x': 0}, y=1)\nd.update([('z', 9)])\nprint(d, d.copy() == d, d.pop('q', 'dflt'))",
    "slicing": "s = 'abcdefg'\nl = list(range(10))\nt = tuple(l)\nprint(s[1:3], s[::-1], s[-2:], l[2:8:2], l[::-3], t[1:3], l[:], s[10:], l[-100:2])\nl[1:3] = ['x']\nprint(l)",
    "builtins": "print(len('abc'), abs(-3), round(2.5), round(3.5), round(1.2345, 2), min(4, 2, 8), max([1, 9, 3]), sum([1, 2, 3], 10))\nprint(sorted('bca'), list(reversed([1, 2, 3])), list(enumerate('ab', start=1)), list(zip('ab', [1, 2, 3])))\nprint(any([]), all([]), any(x > 2 for x in [1, 3]), list(map(str, [1, 2])), list(filter(lambda v: v % 2, range(6))))",
    "conversions": "print(int('42'), int(3.99), int(-2.5), float('1e3'), float(2), str(3.0), bool(''), bool('x'), bool(0.0), repr('q'), repr([1, 'a']))\nprint(list('ab'), tuple([1]), dict(a=1, b=2), dict([('k', 'v')]), set([1, 1, 2]), list(range(3)), list({'a': 1}))",
    "types": "print(type(1), type(1.0), type('s'), type([]), type(()), type({}), type(set()), type(None), type(True), type(range(1)))\nprint(isinstance(1, int), isinstance(True, int), isinstance(1.0, (int, float)), isinstance('s', list), type(1) is int, type(1) == float)",
    "pow_builtin": "print(pow(2, 10), pow(2.0, 0.5), pow(3, 2, 5), pow(2, -1), pow(2, -1, 5), pow(True, 2), pow(-2, 0.5))\n"
                   "print(pow(base=2, exp=3, mod=5), pow(2, 3, mod=None), pow(exp=2, base=3), pow(*[2, 5]), pow(2, 3, True))\n"
                   "print(round(float('nan'), 1), round(float('inf'), 2), round(-float('inf'), 0))",
    "type_objects_print": "def f():\n    pass\nprint(type(f), type(len), type(int))",
    "print_functions": "def f():\n    pass\nprint(f, len, print, lambda: 0)",
    "math_module": "import math\nprint(math.pi, math.e, math.tau, math.inf, math.sqrt(16), math.floor(-1.5), math.ceil(1.2), math.log(math.e), math.log(100, 10), math.exp(0))\nprint(math.sin(0), math.cos(math.pi), math.factorial(5), math.gcd(8, 12), math.isclose(1.0, 1.0 + 1e-12), math.isinf(math.inf), math.degrees(math.pi), math.fsum([0.1] * 10), math.prod([1, 2, 3]))",
    "iter_next": "it = iter([1, 2])\nprint(next(it), next(it), next(it, 'end'), next(it, None))\ng = (c * 2 for c in 'ab')\nprint(iter(g) is g, next(g), list(g), next(g, 0))\nz = zip('ab', range(5))\nprint(next(z), list(z))\nd = iter({'x': 1, 'y': 2})\nprint(next(d), next(iter({'x': 1}.items())), next(iter({3})), next(iter('é')), next(iter(range(4, 9))))\nprint(iter([]), iter(()), iter(''), iter('é'), iter({}), iter({}.values()), iter({}.items()), iter(set()), iter(range(1)), next, iter)\nfor x in iter(iter((5, 6))):\n    print(x, end=' ')\nprint(type(iter([])), type(iter(())))",
    "truthiness": "for v in [0, 1, '', 'a', [], [0], {}, {1: 1}, None, 0.0, set(), (0,)]:\n    print('T' if v else 'F', end='')\nprint()",
    "boolops": "print(0 or 'x', 1 and 2, None or [] or 3, not [], 1 if [] else 2)",
    "ints": "print(7 // 2, -7 // 2, 7 % -3, 2 ** -1, 10 / 4, 1_000_000, 0xff, 0o17, 0b101, 3 & 5, 3 | 4)",
    "string_ops": "print('ab' + 'cd', 'ab' * 3, 3 * 'x', 'a' < 'b', 'abc'[1], ''.join(reversed('abc')), len('é'), 'x' in 'xyz')",
    "with_else_pass": "def f():\n    pass\nclass_ = 1\nprint(f() is None, class_)",
    "docstring_def": "def f():\n    '''doc'''\n    return 1\nprint(f())",
    "nested_functions_scopes": "def outer():\n    x = 1\n    def inner():\n        return x + 1\n    x = 5\n    return inner()\nprint(outer())",
    "kwonly_and_defaults": "def f(a, *, b, c=3):\n    return a + b + c\nprint(f(1, b=2), f(1, c=0, b=1))",
    "dict_iteration_order": "d = {}\nfor k in 'zyx':\n    d[k] = ord if False else len(d)\nfor k, v in d.items():\n    print(k, v, end=' ')\nprint(sorted(d), sorted(d.items(), key=lambda kv: kv[1], reverse=True))",
}

ERRORS = {
    "missing_arg": ("def f(a, b):\n    return a\nf(1)", "TypeError", "f() missing 1 required positional argument: 'b'"),
    "missing_args": ("def f(a, b, c):\n    return a\nf()", "TypeError",
                     "f() missing 3 required positional arguments: 'a', 'b', and 'c'"),
    "too_many": ("def f(a, b=1):\n    return a\nf(1, 2, 3)", "TypeError",
                 "f() takes from 1 to 2 positional arguments but 3 were given"),
    "too_many_one": ("def f(a):\n    return a\nf(1, 2)", "TypeError", "f() takes 1 positional argument but 2 were given"),
    "unexpected_kw": ("def f(a):\n    return a\nf(1, b=2)", "TypeError", "f() got an unexpected keyword argument 'b'"),
    "multiple_values": ("def f(a):\n    return a\nf(1, a=2)", "TypeError", "f() got multiple values for argument 'a'"),
    "kwonly_missing": ("def f(*, k):\n    return k\nf()", "TypeError", "f() missing 1 required keyword-only argument: 'k'"),
    "lambda_args": ("(lambda x: x)()", "TypeError", "<lambda>() missing 1 required positional argument: 'x'"),
    "stop_iteration": ("it = iter([1])\nnext(it)\nnext(it)", "StopIteration", ""),
    "stop_iteration_generator": ("g = (x for x in [])\nnext(g)", "StopIteration", ""),
    "next_of_a_list": ("next([1, 2])", "TypeError", "'list' object is not an iterator"),
    "next_of_a_range": ("next(range(3))", "TypeError", "'range' object is not an iterator"),
    "next_of_a_number": ("next(1)", "TypeError", "'int' object is not an iterator"),
    "next_too_many": ("next(iter([]), 1, 2)", "TypeError", "next expected at most 2 arguments, got 3"),
    "iter_of_a_number": ("iter(3)", "TypeError", "'int' object is not iterable"),
    "generator_running": ("g = (next(g) for x in [1])\nnext(g)", "ValueError", "generator already executing"),
    "key_error": ("d = {'a': 1}\nd['b']", "KeyError", "'b'"),
    "key_error_int": ("d = {}\nd[1]", "KeyError", "1"),
    "index_error": ("[1][5]", "IndexError", "list index out of range"),
    "range_index_error": ("range(10)[-11]", "IndexError", "range object index out of range"),
    "range_index_type": ("range(10)['a']", "TypeError", "range indices must be integers or slices, not str"),
    "tuple_index_type": ("t = (1, 2)\nt[None]", "TypeError", "tuple indices must be integers or slices, not NoneType"),
    "slice_index_type": ("[1, 2][1.5:]", "TypeError", "slice indices must be integers or None or have an __index__ method"),
    "unhashable": ("d = {[1]: 2}", "TypeError", "unhashable type: 'list'"),
    "not_iterable": ("for x in 5:\n    pass", "TypeError", "'int' object is not iterable"),
    "unpack_many": ("a, b = [1, 2, 3]", "ValueError", "too many values to unpack (expected 2)"),
    "unpack_star_few": ("a, *b, c = [1]", "ValueError", "not enough values to unpack (expected at least 2, got 1)"),
    "unpack_few": ("a, b, c = [1, 2]", "ValueError", "not enough values to unpack (expected 3, got 2)"),
    "name_error": ("print(nope)", "NameError", "name 'nope' is not defined"),
    "zero_div": ("1 / 0", "ZeroDivisionError", "division by zero"),
    "str_int": ("'a' + 1", "TypeError", None),
    "int_parse": ("int('x')", "ValueError", "invalid literal for int() with base 10: 'x'"),
    "math_domain": ("import math\nmath.sqrt(-1)", "ValueError", "math domain error"),
    "math_range": ("import math\nmath.exp(1000)", "OverflowError", "math range error"),
    "math_log0": ("import math\nmath.log(0)", "ValueError", "math domain error"),
    "format_spec": ("format_ = f'{\"s\":d}'", "ValueError", "Unknown format code 'd' for object of type 'str'"),
    "format_index": ("'{} {}'.format(1)", "IndexError", "Replacement index 1 out of range for positional args tuple"),
    "percent_few": ("'%d %d' % (1,)", "TypeError", "not enough arguments for format string"),
    "percent_many": ("'%d' % (1, 2)", "TypeError", "not all arguments converted during string formatting"),
    "divmod_zero": ("divmod(1, 0)", "ZeroDivisionError", "integer division or modulo by zero"),
    "divmod_float_zero": ("divmod(1.5, 0)", "ZeroDivisionError", "float divmod()"),
    "divmod_str": ("divmod('a', 1)", "TypeError", "unsupported operand type(s) for divmod(): 'str' and 'int'"),
    "divmod_list": ("divmod(1, [2])", "TypeError", "unsupported operand type(s) for divmod(): 'int' and 'list'"),
    "divmod_one": ("divmod(1)", "TypeError", "divmod expected 2 arguments, got 1"),
    "divmod_keywords": ("divmod(a=1, b=2)", "TypeError", "divmod() takes no keyword arguments"),
    "percent_missing_key": ("'%(x)s' % {'a': 1}", "KeyError", "'x'"),
    "percent_key_of_a_tuple": ("'%s %(a)s' % (1,)", "TypeError", "format requires a mapping"),
    "percent_key_of_a_str": ("'%(a)s' % 'abc'", "TypeError", "format requires a mapping"),
    "percent_key_then_position": ("'%(a)s %s' % {'a': 1}", "TypeError", "not enough arguments for format string"),
    "percent_key_of_a_list": ("'%(a)s' % [1]", "TypeError", "list indices must be integers or slices, not str"),
    "percent_key_unclosed": ("'%(a(b)s' % {'a': 1}", "ValueError", "incomplete format key"),
    "percent_key_at_end": ("'%(a)' % {'a': 1}", "ValueError", "incomplete format"),
    "percent_at_end": ("'100%' % ()", "ValueError", "incomplete format"),
    "percent_width_at_end": ("'%-5' % (1,)", "ValueError", "incomplete format"),
    "percent_star_float": ("'%*d' % (5.0, 3)", "TypeError", "* wants int"),
    "percent_star_short": ("'%*d' % (5,)", "TypeError", "not enough arguments for format string"),
    "percent_value_before_char": ("'%y' % ()", "TypeError", "not enough arguments for format string"),
    "percent_unknown_char": ("'%y' % (1,)", "ValueError", "unsupported format character 'y' (0x79) at index 1"),
    "percent_unprintable_char": ("'ab%\\x01' % (1,)", "ValueError", "unsupported format character '?' (0x1) at index 3"),
    "percent_padded_percent": ("'%5%' % ()", "TypeError", "not enough arguments for format string"),
    "percent_not_converted": ("'hello' % 5", "TypeError", "not all arguments converted during string formatting"),
    "percent_real_of_str": ("'%f' % 'a'", "TypeError", "must be real number, not str"),
    "percent_int_of_none": ("'%d' % None", "TypeError", "%d format: a real number is required, not NoneType"),
    "percent_hex_of_float": ("'%x' % 1.5", "TypeError", "%x format: an integer is required, not float"),
    "percent_int_of_nan": ("'%d' % float('nan')", "ValueError", "cannot convert float NaN to integer"),
    "percent_int_of_inf": ("'%d' % float('inf')", "OverflowError", "cannot convert float infinity to integer"),
    "percent_char_of_str": ("'%c' % 'ab'", "TypeError", "%c requires int or char"),
    "percent_char_range": ("'%c' % -1", "OverflowError", "%c arg not in range(0x110000)"),
    "percent_width_too_big": ("'%99999999999999999999d' % 1", "ValueError", "width too big"),
    "none_format": ("f'{None:5}'", "TypeError", "unsupported format string passed to NoneType.__format__"),
    "list_format": ("f'{[1]:5}'", "TypeError", "unsupported format string passed to list.__format__"),
    "join_non_str": ("','.join([1])", "TypeError", "sequence item 0: expected str instance, int found"),
    "pop_empty": ("[].pop()", "IndexError", "pop from empty list"),
    "remove_missing": ("[1].remove(2)", "ValueError", "list.remove(x): x not in list"),
    "max_empty": ("max([])", "ValueError", "max() arg is an empty sequence"),
    "recursion": ("def f(n):\n    return f(n + 1)\nf(0)", "RecursionError", "maximum recursion depth exceeded"),
    "in_str_int": ("1 in 'abc'", "TypeError", "'in <string>' requires string as left operand, not int"),
    "not_callable": ("x = 1\nx()", "TypeError", "'int' object is not callable"),
    "isinstance_bad": ("isinstance(1, 2)", "TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union"),
    "list_plus_int": ("[1, 2] + 2", "TypeError", 'can only concatenate list (not "int") to list'),
    "str_plus_int": ("'a' + 1", "TypeError", 'can only concatenate str (not "int") to str'),
    "tuple_plus_list": ("(1,) + [2]", "TypeError", 'can only concatenate tuple (not "list") to tuple'),
    "list_times_float": ("[1] * 2.5", "TypeError", "can't multiply sequence by non-int of type 'float'"),
    "float_times_str": ("2.5 * 'ab'", "TypeError", "can't multiply sequence by non-int of type 'float'"),
    "str_times_str": ("'a' * 'b'", "TypeError", "can't multiply sequence by non-int of type 'str'"),
    "int_plus_str": ("1 + 'a'", "TypeError", "unsupported operand type(s) for +: 'int' and 'str'"),
    "list_minus_list": ("[1] - [1]", "TypeError", "unsupported operand type(s) for -: 'list' and 'list'"),
    "str_div_int": ("'a' / 2", "TypeError", "unsupported operand type(s) for /: 'str' and 'int'"),
    "list_plus_none": ("[1] + None", "TypeError", 'can only concatenate list (not "NoneType") to list'),
    "list_plus_dict": ("[1] + {}", "TypeError", 'can only concatenate list (not "dict") to list'),
    "none_times_list": ("None * [1]", "TypeError", "can't multiply sequence by non-int of type 'NoneType'"),
    "str_power": ("'a' ** 2", "TypeError", "unsupported operand type(s) for ** or pow(): 'str' and 'int'"),
    "pow_zero_negative": ("pow(0, -1)", "ZeroDivisionError", "0.0 cannot be raised to a negative power"),
    "pow_zero_float_negative": ("pow(0.0, -2)", "ZeroDivisionError", "0.0 cannot be raised to a negative power"),
    "pow_str": ("pow('a', 2)", "TypeError", "unsupported operand type(s) for ** or pow(): 'str' and 'int'"),
    "pow_not_invertible": ("pow(2, -1, 4)", "ValueError", "base is not invertible for the given modulus"),
    "pow_mod_zero": ("pow(2, 3, 0)", "ValueError", "pow() 3rd argument cannot be 0"),
    "pow_float_mod": ("pow(2.0, 3, 5)", "TypeError", "pow() 3rd argument not allowed unless all arguments are integers"),
    "pow_float_modulus": ("pow(2, 3, 5.0)", "TypeError",
                          "pow() 3rd argument not allowed unless all arguments are integers"),
    "pow_list_mod": ("pow([2], 3, 5)", "TypeError", "unsupported operand type(s) for ** or pow(): 'list', 'int', 'int'"),
    "pow_one_argument": ("pow(2)", "TypeError", "pow() missing required argument 'exp' (pos 2)"),
    "pow_no_argument": ("pow()", "TypeError", "pow() missing required argument 'base' (pos 1)"),
    "pow_four_arguments": ("pow(1, 2, 3, mod=4)", "TypeError", "pow() takes at most 3 arguments (4 given)"),
    "pow_other_keywords": ("pow(x=1, y=2)", "TypeError", "pow() missing required argument 'base' (pos 1)"),
    "pow_unknown_keyword": ("pow(2, 3, z=1)", "TypeError", "'z' is an invalid keyword argument for pow()"),
    "pow_name_and_position": ("pow(2, exp=3, base=1)", "TypeError",
                              "argument for pow() given by name ('base') and position (1)"),
    "round_nan": ("round(float('nan'))", "ValueError", "cannot convert float NaN to integer"),
    "round_inf": ("round(float('inf'))", "OverflowError", "cannot convert float infinity to integer"),
    "round_minus_inf": ("round(-float('inf'))", "OverflowError", "cannot convert float infinity to integer"),
    "list_slice_step_zero": ("[1, 2, 3][::0]", "ValueError", "slice step cannot be zero"),
    "tuple_slice_step_zero": ("(1, 2)[1::0]", "ValueError", "slice step cannot be zero"),
    "str_slice_step_zero": ("'abc'[:2:0]", "ValueError", "slice step cannot be zero"),
    "range_slice_step_zero": ("range(5)[::0]", "ValueError", "slice step cannot be zero"),
    "list_del_slice_step_zero": ("x = [1, 2, 3]\ndel x[::0]", "ValueError", "slice step cannot be zero"),
    "list_set_slice_step_zero": ("x = [1, 2, 3]\nx[::0] = [5]", "ValueError", "slice step cannot be zero"),
}


def python_output(src: str) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(src, "<snippet>", "exec"), {})      # the oracle: Python itself runs the snippet
    return ADDRESS.sub(">", buf.getvalue())


def gradcli_output(src: str):
    out = []            # printed when emitted, as the CLI does (values may change later)
    r = run_source(src, "<t>", emit=lambda e: out.append(print_text(e.values, e.sep, e.end))
                   if e.kind == "print" else None)
    return r, "".join(out)


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_prints_what_python_prints(name):
    src = SNIPPETS[name]
    r, text = gradcli_output(src)
    assert r.exit_code == 0, r.error and (r.error.kind, r.error.message, r.error.span)
    assert text == python_output(src)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_have_pythons_type_and_message(name):
    src, kind, message = ERRORS[name]
    with pytest.raises(Exception) as info:
        python_output(src)
    assert type(info.value).__name__ == kind
    if message is not None:
        assert str(info.value) == message
    r, _ = gradcli_output(src)
    assert r.exit_code == 1
    assert r.error.kind == kind
    if message is not None:
        assert r.error.message == message
    assert r.error.span is not None


def test_json_output_shows_a_printed_list_as_it_was_when_printed(tmp_path):
    import json

    from typer.testing import CliRunner

    from gradcli.cli import app
    script = tmp_path / "m.py"
    script.write_text("x = [1]\nprint(x)\nx.append(2)\nprint(x)\n")
    result = CliRunner().invoke(app, ["run", str(script), "-f", "json"])
    events = json.loads(result.stdout)["files"][0]["events"]
    assert [e["text"] for e in events] == ["[1]\n", "[1, 2]\n"]


def test_nested_functions_print_their_qualified_names():
    src = ("def outer():\n    def inner():\n        return lambda: 0\n    return inner\n"
           "f = outer()\nprint(outer, f, f(), lambda: 1)\n")
    assert gradcli_output(src)[1] == python_output(src)


@pytest.mark.parametrize("expr, message", [
    # PyTorch 2.13's words (torch.Size defines its own +)
    ("s + [1]", "can only concatenate tuple (not list) to torch.Size"),
    ("s + 1.5", "can only concatenate tuple (not float) to torch.Size"),
    ("s * 2.5", "can't multiply sequence by non-int of type 'float'"),
    ("[1] + s", 'can only concatenate list (not "torch.Size") to list'),
    ("s - s", "unsupported operand type(s) for -: 'torch.Size' and 'torch.Size'"),
])
def test_size_operand_errors_have_pytorchs_message(expr, message):
    r, _ = gradcli_output(f"import torch\ns = torch.ones(2, 3).shape\ny = {expr}\n")
    assert (r.error.kind, r.error.message) == ("TypeError", message)
