"""Neural-net functions of torch.nn.functional: activations, losses,
``linear``, ``softmax``/``log_softmax``, ``normalize``, with PyTorch's
signatures and grad_fn names (one row each)."""
from __future__ import annotations
