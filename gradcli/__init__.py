"""gradcli: a command-line gradient calculator with PyTorch's autograd
semantics, on numpy. See README.md; the library entry points are in
``gradcli.session`` (scripts) and ``gradcli.formula`` (one formula)."""
__version__ = "0.1.0"
