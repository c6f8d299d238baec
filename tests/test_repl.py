"""The repl: one lasting environment, each input's last value shown,
blocks and open brackets continued, errors confined to their input."""
import os
import pty
import select
import sys
import time

import pytest

SESSION = """import torch
x = torch.ones(2, requires_grad=True)
x * 2
y = (x * 3).sum()
for i in range(2):
    print(i)

y.backward()
x.grad
z = (1 +
 2)
z
foo
x.grad + 1
x = (
"""


def test_piped_session(gradcli_process):
    """End to end: a session piped into the installed script."""
    r = gradcli_process("repl", "-f", "torch", stdin=SESSION)
    assert r.stdout == ("tensor([2., 2.], grad_fn=<MulBackward0>)\n0\n1\ntensor([3., 3.])\n3\n"
                        "tensor([4., 4.])\n")
    assert r.stderr.splitlines() == ["<repl>:1:1: NameError: name 'foo' is not defined", "    foo", "    ^^^",
                                     "<repl>:1:5: SyntaxError: '(' was never closed", "    x = (", "        ^",
                                     "  hint: add the matching ')'"]
    assert r.returncode == 2


def test_grad_mode_switched_off_lasts_into_the_next_inputs(gradcli_process):
    r = gradcli_process("repl", "-f", "torch", stdin="import torch\ntorch.set_grad_enabled(False)\n"
                        "x = torch.ones(1, requires_grad=True)\n(x * 2).requires_grad\ntorch.is_grad_enabled()\n")
    assert r.stdout == "torch.autograd.grad_mode.set_grad_enabled(mode=False)\nFalse\nFalse\n"


def test_rich_view(gradcli):
    r = gradcli("repl", stdin="import torch\nx = torch.ones(2, requires_grad=True)\nx * 2\n3 + 4\n")
    assert r.returncode == 0
    assert "╭─ x * 2 ─" in r.stdout and "grad_fn=<MulBackward0>" in r.stdout and "3 + 4 = 7" in r.stdout


def test_json_is_a_usage_error(gradcli):
    r = gradcli("repl", "-f", "json", stdin="x = 1\n")
    assert r.returncode == 2 and "'json' is not one of 'rich', 'torch'" in r.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_prompts_and_history(tmp_path):
    from conftest import _command
    cmd, env = _command()
    env = dict(env or os.environ, XDG_CACHE_HOME=str(tmp_path))
    pid, fd = pty.fork()
    if pid == 0:                                           # the child: gradcli at a terminal
        os.execvpe(cmd[0], cmd + ["repl", "-f", "torch"], env)
    out = b""

    def read_for(seconds):
        nonlocal out
        end = time.time() + seconds
        while time.time() < end:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    return

    for line in (b"x = 2\n", b"for i in range(2):\n", b"    print(i * x)\n", b"\n", b"\x04"):
        read_for(0.2)
        deadline = time.time() + 20
        while not out.rstrip().endswith((b">>>", b"...")) and time.time() < deadline:
            read_for(0.1)
        os.write(fd, line)
    read_for(1)
    os.waitpid(pid, 0)
    text = out.decode().replace("\r\n", "\n")
    assert ">>> x = 2\n>>> for i in range(2):\n...     print(i * x)\n... \n0\n2\n>>> " in text
    assert (tmp_path / "gradcli" / "repl_history").read_text().splitlines()[-1].strip() == "print(i * x)"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_ctrl_c_stops_the_statement_and_keeps_the_bindings(tmp_path):
    from conftest import _command
    cmd, env = _command()
    env = dict(env or os.environ, XDG_CACHE_HOME=str(tmp_path))
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd + ["repl", "-f", "torch"], env)
    out = b""

    def read_until(marker, seconds=20):
        nonlocal out
        end = time.time() + seconds
        while time.time() < end and not out.rstrip().endswith(marker):
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    return

    read_until(b">>>")
    os.write(fd, b"y = 5\n")
    read_until(b">>>")
    os.write(fd, b"while True:\n")
    read_until(b"...")
    os.write(fd, b"    y = y\n")
    read_until(b"...")
    os.write(fd, b"\n")
    time.sleep(1.0)                                       # the loop is running
    os.write(fd, b"\x03")                                 # Ctrl-C
    read_until(b">>>")
    os.write(fd, b"print(y + 1)\n")
    read_until(b">>>")
    os.write(fd, b"\x04")
    read_until(b"never", 2)
    _, status = os.waitpid(pid, 0)
    text = out.decode().replace("\r\n", "\n")
    assert text.startswith("gradcli ") and "Ctrl-C stops a running statement, Ctrl-D leaves." in text
    assert "KeyboardInterrupt\n>>> print(y + 1)\n6\n>>> " in text
    assert os.waitstatus_to_exitcode(status) == 1


def test_blocks_and_decorated_functions_wait_for_their_end():
    from gradcli.repl import needs_more
    assert needs_more(["def f(x):"])
    assert needs_more(["def f(x):", "    return x * 2"])
    assert not needs_more(["def f(x):", "    return x * 2", ""])
    assert needs_more(["@torch.no_grad()"])
    assert needs_more(["@torch.no_grad()", "def g(x):", "    return x"])
    assert not needs_more(["@torch.no_grad()", "def g(x):", "    return x", ""])
    assert needs_more(["d = {1: [2,"])
    assert not needs_more(["d = {1: [2, 3]}"])


def test_an_open_triple_quoted_string_waits_for_its_end():
    from gradcli.repl import needs_more
    assert needs_more(['doc = """first line'])
    assert needs_more(['doc = """first line', "second line"])
    assert not needs_more(['doc = """first line', 'second line"""'])
    assert not needs_more(["s = 'no end"])          # a one-line string ends with its line, as in Python
