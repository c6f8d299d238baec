"""The op table and the PyTorch-facing functions built on it.

Importing the package hands the engine its math namespaces and gives
Tensors their Python operators (``mathspace.install``).
"""
from . import mathspace as _mathspace

_mathspace.install()
