"""Reading ``-a NAME=@PATH`` data: .npy (never with pickle), .csv, .txt."""
from __future__ import annotations

import numpy as np

from .errors import UsageError


def load_array(path: str, name: str) -> np.ndarray:
    try:
        if path.endswith(".npy"):
            arr = np.load(path, allow_pickle=False)
        elif path.endswith(".csv"):
            arr = np.loadtxt(path, delimiter=",", dtype=np.float64, ndmin=1)
        else:
            arr = np.loadtxt(path, dtype=np.float64, ndmin=1)
    except FileNotFoundError:
        raise UsageError(f"-a {name}=@{path}: no such file") from None
    except (OSError, ValueError) as e:
        raise UsageError(f"-a {name}=@{path}: cannot read numbers from it ({e})") from None
    if arr.dtype.kind not in "biuf":
        raise UsageError(f"-a {name}=@{path}: the file holds {arr.dtype} data, not numbers")
    return arr
