"""The op table and the PyTorch-facing functions built on it."""
