"""What ``torch.nn`` and ``torch.optim`` offer scripts: name -> class (or
constructor), and the base classes ``isinstance`` knows them by."""
from __future__ import annotations

from .conv import CONV_CLASSES
from .data import DATA, FUNCTIONS as DATA_FUNCTIONS, Dataset
from .layers import MODULE_CLASSES
from .lr_scheduler import SCHEDULERS, LRScheduler
from .module import Module
from .normalization import NORM_CLASSES
from .optim import OPTIMIZERS, Optimizer
from .padding import PAD_CLASSES
from .parameter import CLASS_PATH as PARAMETER_CLASS, Parameter
from .recurrent import RECURRENT_CLASSES
from .rnn_utils import RNN_UTILS, PackedSequence
from .upsampling import UPSAMPLE_CLASSES
from .utils import UTILS

NN_CLASSES = dict(MODULE_CLASSES)
NN_CLASSES.update(NORM_CLASSES)
NN_CLASSES.update(CONV_CLASSES)
NN_CLASSES.update(PAD_CLASSES)
NN_CLASSES.update(UPSAMPLE_CLASSES)
NN_CLASSES.update(RECURRENT_CLASSES)
OPTIM = dict(OPTIMIZERS)
LR_SCHEDULER = dict(SCHEDULERS)

__all__ = ["NN_CLASSES", "OPTIM", "LR_SCHEDULER", "LRScheduler", "Module", "Optimizer", "Parameter",
           "PARAMETER_CLASS", "UTILS", "RNN_UTILS", "PackedSequence", "DATA", "DATA_FUNCTIONS", "Dataset"]
