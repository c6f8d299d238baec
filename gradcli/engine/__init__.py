"""The engine: Tensor, dtypes, the autograd graph and backward pass."""
