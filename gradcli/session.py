"""The library entry points: run a script, evaluate a formula at given leaves.

These return data (events, variables, the result); the renderers and the CLI
decide how to show it.
"""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from typing import Callable, Optional

from .engine import dtypes as D
from .engine.autograd import GRAD_MODE
from .engine.context import CONTEXT, DEFAULT_MAX_ELEMENTS
from .errors import GradcliError
from .records import Record
from .lang.accelerators import reset as reset_accelerator_flags
from .render.torch_text import reset_print_options
from .lang.interp import DEFAULT_MAX_STEPS, Event, Interpreter


@contextmanager
def quiet_numerics():
    """While a script runs: numpy gives inf/nan silently, as PyTorch does,
    and the cyclic garbage collector stays off (the autograd graph makes
    few cycles, and collecting while a long graph grows costs a third of
    the run); both are restored afterwards."""
    import numpy as np
    old = np.seterr(all="ignore")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        np.seterr(**old)
        if was_enabled:
            _age_young_objects()
            gc.enable()


def _age_young_objects():
    """Move every object the collector tracks to its oldest generation.

    NOTE: with collection off, all the objects of the run (several per op
    of the graph) pile up in the youngest generation, and the first
    allocation after ``gc.enable()`` would scan them all: 20-80 ms after a
    10,000-step loop, a quarter of its run. freeze() + unfreeze() move them
    to the oldest generation without a scan (two list splices), where they
    wait for a full collection like any long-lived data; they are freed by
    reference counting when the caller drops them. Skipped when the host
    program has frozen objects of its own, which unfreeze() would release."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


class RunResult(Record):
    """One script's run: its exit code, its events in order, its variables
    at the end. (A plain class: the dataclass machinery costs start-up time.)"""
    FIELDS = ("path", "source", "exit_code", "events", "variables", "result", "seconds")

    def __init__(self, path: str, source: str, exit_code: int = 0, events: list | None = None,
                 variables: dict | None = None, result: object = None, seconds: float = 0.0):
        self.path = path
        self.source = source
        self.exit_code = exit_code
        self.events = [] if events is None else events
        self.variables = {} if variables is None else variables
        self.result = result
        self.seconds = seconds

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def error(self) -> Optional[GradcliError]:
        for ev in reversed(self.events):
            if ev.kind == "error":
                return ev.error
        return None


def run_source(source: str, path: str = "<script>", emit: Optional[Callable[[Event], None]] = None,
               max_steps: int = DEFAULT_MAX_STEPS, max_elements: int = DEFAULT_MAX_ELEMENTS,
               prepare: Optional[Callable[[Interpreter], None]] = None) -> RunResult:
    """Parse and run one script in a fresh environment."""
    from .lang.parse import parse_module
    result = RunResult(path, source)
    start = time.perf_counter()

    def sink(ev):
        result.events.append(ev)
        if emit is not None:
            emit(ev)
    CONTEXT.max_elements = max_elements
    CONTEXT.rng = None
    reset_print_options()
    reset_accelerator_flags()
    D.set_default_float(D.float32)
    interp = Interpreter(source, sink, max_steps)
    if prepare is not None:
        prepare(interp)
    grad_mode, GRAD_MODE.enabled = GRAD_MODE.enabled, True     # the script may switch it off for good
    with quiet_numerics():
        try:
            module = parse_module(source)
        except GradcliError as err:
            sink(Event("error", err.span.line if err.span else 0, error=err))
            result.exit_code = err.exit_code
        else:
            result.exit_code = interp.run_module(module)
        finally:
            GRAD_MODE.enabled = grad_mode
            D.set_default_float(D.float32)      # torch.set_default_dtype lasts for its script only
    result.variables = interp.vars
    _drop_state(interp)
    result.seconds = time.perf_counter() - start
    return result


def _drop_state(interp: Interpreter):
    """Forget the finished interpreter's state (the result keeps its variables).

    NOTE: the interpreter refers to itself (its compiler, bound methods in
    its builtins), so it, and through its variables every tensor and graph
    of the run, could otherwise be freed only by the cycle collector, long
    after the caller has dropped the result."""
    interp.__dict__.clear()
