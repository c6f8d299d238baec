"""What ``torch.nn`` and ``torch.optim`` offer scripts: name -> constructor."""
from __future__ import annotations

from .layers import MODULE_CLASSES
from .optim import OPTIMIZERS
from .parameter import Parameter

NN = dict(MODULE_CLASSES)
NN["Parameter"] = Parameter

OPTIM = dict(OPTIMIZERS)
