"""Record the public names of PyTorch's torch, torch.nn.functional,
torch.linalg, torch.nn, torch.optim, torch.autograd and Tensor, so that gradcli can tell "a name PyTorch has but
gradcli does not support yet" from "a name PyTorch lacks" (which keeps
PyTorch's AttributeError).

Run with torch installed (torch==2.13.0), from the repository:

    python tests/goldens/make_pytorch_names.py

Writes gradcli/ops/pytorch_names.txt: one "owner.name" per line.
"""
from __future__ import annotations

import os

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "gradcli", "ops", "pytorch_names.txt")


def main():
    owners = {"torch": torch, "torch.nn.functional": torch.nn.functional, "torch.linalg": torch.linalg,
              "torch.nn": torch.nn, "torch.autograd": torch.autograd, "Tensor": torch.Tensor,
              "torch.optim": torch.optim, "torch.nn.init": torch.nn.init, "torch.nn.utils": torch.nn.utils,
              "torch.autograd.functional": torch.autograd.functional,
              "torch.optim.lr_scheduler": torch.optim.lr_scheduler, "torch.utils.data": torch.utils.data}
    lines = []
    for owner, mod in owners.items():
        for name in sorted(dir(mod)):
            if not name.startswith("_"):
                lines.append(f"{owner}.{name}")
    with open(OUT, "w") as f:
        f.write("# Public names of PyTorch 2.13 (tests/goldens/make_pytorch_names.py)\n")
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} names to {OUT}")


if __name__ == "__main__":
    main()
