"""Run-wide settings the engine consults: limits, warnings, random numbers.

One ``CONTEXT`` per process; the interpreter sets it up for each script.
"""
from __future__ import annotations

import os

from ..errors import GradcliError

DEFAULT_MAX_ELEMENTS = 50_000_000
MEMORY_CHECK_BYTES = 1 << 20     # allocations from this size on are checked against --max-memory


def default_max_memory() -> int:
    """Half the machine's memory, and at most 3/4 of the process's
    address-space limit when one is set (``ulimit -v``)."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        total = 8 << 30
    limit = total // 2
    try:
        import resource
        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:
            limit = min(limit, soft * 3 // 4)
    except (ImportError, ValueError, OSError):
        pass
    return max(limit, 64 << 20)


def memory_in_use() -> int:
    """Bytes the process holds now (its resident set), 0 when unknown."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def mib(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MiB"
# NOTE: PyTorch seeds its default generator randomly at every start; a fresh
# torch.Generator() starts from this seed (its default_rng_seed_val). gradcli
# starts every script's stream from it (or --seed), so unseeded runs repeat.
DEFAULT_SEED = 67280421310721


class Context:
    __slots__ = ("max_elements", "max_memory", "warn", "rng", "seed", "call", "trace", "on_backward",
                 "check", "snapshots", "on_check")

    def __init__(self):
        self.max_elements = DEFAULT_MAX_ELEMENTS
        self.max_memory = None      # --max-memory in bytes (None: default_max_memory())
        self.warn = None            # callable(message, category) set by the interpreter
        self.rng = None             # the script's torch generator, seeded on first use
        self.seed = DEFAULT_SEED    # where each script's stream starts (--seed)
        self.call = None            # callable(fn value, args) for hooks and lambdas
        self.trace = False          # --trace: record each backward pass step by step
        self.on_backward = None     # callable(root name, steps or None) after each backward()
        self.check = None           # fdcheck.CheckConfig while `gradcli check` runs
        self.snapshots = None       # node -> its inputs in float64, while checking
        self.on_check = None        # callable(api name, [InputCheck]) after each checked pass

    def check_size(self, numel: int, what: str = "tensor"):
        if numel > self.max_elements:
            raise GradcliError("LimitError",
                               f"a {what} of {numel:,} elements is over the limit of "
                               f"{self.max_elements:,} elements",
                               hint="raise it with --max-elements N")
        nbytes = numel * 8
        if nbytes >= MEMORY_CHECK_BYTES:
            self.check_memory(nbytes, what)

    def check_memory(self, nbytes: int, what: str = "tensor"):
        """Before allocating ``nbytes``: the script's memory stays under --max-memory."""
        if self.max_memory is None:
            self.max_memory = default_max_memory()
        used = memory_in_use()
        if used + nbytes > self.max_memory:
            raise GradcliError("LimitError",
                               f"a {what} of {mib(nbytes)} would take the script's memory ({mib(used)} in use) "
                               f"over the limit of {mib(self.max_memory)}",
                               hint="raise it with --max-memory SIZE (e.g. --max-memory 8G)")

    def warning(self, message: str, category: str = "UserWarning"):
        if self.warn is not None:
            self.warn(message, category)

    def generator(self):
        """The default generator (``torch.manual_seed`` & co.): at ``seed``
        again for each script (``rng`` is reset to None between scripts)."""
        if self.rng is None:
            from .generator import Generator
            self.rng = Generator(self.seed)
        return self.rng


CONTEXT = Context()
