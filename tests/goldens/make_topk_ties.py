"""Record PyTorch's topk indices on rows full of ties and NaNs, where the
order among equal values is that of the C++ library's nth_element /
partial_sort.

Run with the oracle (torch==2.13.0) installed, from the repository:

    python tests/goldens/make_topk_ties.py

Writes tests/goldens/topk_ties.json: a list of {values, k, largest, sorted,
indices}; tests/test_ops.py checks gradcli's topk against it.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parent / "topk_ties.json"


def main():
    rng = np.random.default_rng(7)
    cases = []
    for trial in range(160):
        n = int(rng.integers(1, 300))
        # small k against n takes PyTorch's partial_sort path, larger k its nth_element one
        k = int(rng.integers(0, max(1, n // 64) + 1)) if trial % 4 == 0 else int(rng.integers(0, n + 1))
        a = rng.integers(0, 5, n).astype(np.float32)
        a[rng.random(n) < 0.15] = np.nan
        largest, sorted_ = bool(trial % 2), bool(trial % 3)
        r = torch.topk(torch.from_numpy(a), k, largest=largest, sorted=sorted_)
        values = [None if v != v else float(v) for v in a.tolist()]
        cases.append({"values": values, "k": k, "largest": largest, "sorted": sorted_,
                      "indices": r.indices.tolist()})
    OUT.write_text(json.dumps(cases) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
