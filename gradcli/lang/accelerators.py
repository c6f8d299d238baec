"""``torch.cuda``, ``torch.backends``, ``torch.accelerator`` and the
determinism switches, as PyTorch built for the CPU alone answers them.

gradcli computes on the CPU, so every accelerator reports itself missing:
a tutorial's ``device = "cuda" if torch.cuda.is_available() else "cpu"``
picks the CPU, as it does on a machine without a GPU. Seeding the CUDA
generators does nothing there (PyTorch ignores it without CUDA). The cuDNN
flags and ``torch.use_deterministic_algorithms`` can be set and read back;
they change nothing on the CPU. Like the print options, they last until the
end of the script: ``reset()`` gives the next script PyTorch's defaults.
"""
from __future__ import annotations

from ..errors import GradcliError, runtime_error, type_error
from ..ops.operands import type_name
from .values import Namespace

# the cuDNN flags, their defaults, and the name PyTorch's setter gives in its error
_CUDNN_FLAGS = {"enabled": (True, "set_enabled_cudnn"), "benchmark": (False, "set_benchmark_cudnn"),
                "deterministic": (False, "set_deterministic_cudnn"), "allow_tf32": (True, "set_allow_tf32_cublas")}
_DETERMINISTIC = {"mode": False, "warn_only": False}


def _no_accelerator(*args, **kwargs):
    return False


def _none(*args, **kwargs):
    return None


def _zero():
    return 0


def _use_deterministic_algorithms(mode, *, warn_only=False):
    for name, value in (("mode' (position 1)", mode), ("warn_only'", warn_only)):
        if type(value) is not bool:
            raise type_error(f"_set_deterministic_algorithms(): argument '{name} must be bool, "
                             f"not {type_name(value)}")
    _DETERMINISTIC.update(mode=mode, warn_only=warn_only)


def set_flag(space: Namespace, name: str, value):
    """``torch.backends.cudnn.NAME = value``: PyTorch's setters take a bool only."""
    if type(value) is not bool:
        raise runtime_error(f"{_CUDNN_FLAGS[name][1]} expects a bool, but got {type_name(value)}")
    space.table[name] = value


def _cudnn() -> Namespace:
    return Namespace("torch.backends.cudnn", {"is_available": _no_accelerator, "version": _none},
                     settable=frozenset(_CUDNN_FLAGS))


_CUDNN = _cudnn()


def reset():
    """PyTorch's defaults, for the next script."""
    _CUDNN.table.update((name, default) for name, (default, _) in _CUDNN_FLAGS.items())
    _DETERMINISTIC.update(mode=False, warn_only=False)


reset()


def _namespaces() -> dict:
    cuda = Namespace("torch.cuda", {
        "is_available": _no_accelerator, "is_initialized": _no_accelerator, "device_count": _zero,
        "manual_seed": _none, "manual_seed_all": _none, "seed": _none, "seed_all": _none,
        "empty_cache": _none})
    mps = Namespace("torch.backends.mps", {"is_available": _no_accelerator, "is_built": _no_accelerator})
    backends_cuda = Namespace("torch.backends.cuda", {"is_built": _no_accelerator})
    backends = Namespace("torch.backends", {"cudnn": _CUDNN, "mps": mps, "cuda": backends_cuda})
    accelerator = Namespace("torch.accelerator", {
        "is_available": _no_accelerator, "current_accelerator": _none, "device_count": _zero})
    return {"torch.cuda": cuda, "torch.backends": backends, "torch.backends.cudnn": _CUDNN,
            "torch.backends.mps": mps, "torch.backends.cuda": backends_cuda, "torch.accelerator": accelerator}


NAMESPACES = _namespaces()          # module path -> namespace, for `import` and `torch.X`


TORCH_FUNCTIONS = {
    "use_deterministic_algorithms": _use_deterministic_algorithms,
    "are_deterministic_algorithms_enabled": lambda: _DETERMINISTIC["mode"],
    "is_deterministic_algorithms_warn_only_enabled": lambda: _DETERMINISTIC["warn_only"],
}


def not_on_the_cpu(owner: str, name: str) -> GradcliError:
    """A name of an accelerator's module that gradcli does not offer."""
    return GradcliError("NotImplementedError", f"gradcli does not support {owner}.{name}: it computes on the CPU",
                        hint="torch.cuda.is_available() is False in gradcli, as on a machine without a GPU")
