"""``torch.utils.data``: ``TensorDataset``, ``DataLoader`` and
``random_split`` over tensors a script holds, in the script's own process.

A DataLoader batches as PyTorch's single-process loader does, and draws
from the random stream what PyTorch draws, in the same order, so the
numbers a script draws afterwards stay PyTorch's: each ``iter()`` takes a
64-bit base seed (for workers PyTorch would start; drawn even without
them), and a shuffling loader then seeds a fresh generator from the stream
and takes ``randperm`` of the dataset from it when the first batch is asked
for. Samples are collated as ``default_collate`` does: tensors stacked,
numbers made tensors, tuples and lists field by field (as a list), dicts
key by key.
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from ..engine import distributions as dist
from ..engine import dtypes as D
from ..engine.context import CONTEXT
from ..engine.generator import Generator
from ..engine.tensor import Tensor
from ..errors import GradcliError, type_error, value_error
from ..ops import create, join, shape
from ..ops.operands import type_name
from ..ops.random import generator_of
from .objects import ScriptGenerator, ScriptObject


def _draw_seed(gen: Generator) -> int:
    """``torch.empty((), dtype=torch.int64).random_(generator=gen).item()``."""
    return int(dist.random_full(gen, 1, np.int64)[0])


class Dataset(ScriptObject):
    display_name = "Dataset"
    class_path = "torch.utils.data.dataset.Dataset"

    def items(self) -> list:
        # NOTE: Python iterates a dataset through __getitem__ until IndexError
        return [self.getitem(i) for i in range(self.length())]


class TensorDataset(Dataset):
    """Tensors sharing their first dimension; item ``i`` is the tuple of their ``i``-th rows."""
    display_name = "TensorDataset"
    class_path = "torch.utils.data.dataset.TensorDataset"

    def __init__(self, *tensors):
        for t in tensors:
            if type(t) is not Tensor:
                raise type_error(f"TensorDataset takes tensors, not {type_name(t)}")
            if t.data.ndim == 0:
                raise GradcliError("IndexError", "dimension specified as 0 but tensor has no dimensions")
        if any(t.shape[0] != tensors[0].shape[0] for t in tensors):
            raise GradcliError("AssertionError", "Size mismatch between tensors")
        self.tensors = tuple(tensors)

    def attribute(self, name):
        if name == "tensors":
            return self.tensors
        return Dataset.attribute(self, name)

    def length(self) -> int:
        return self.tensors[0].shape[0] if self.tensors else 0

    def getitem(self, key):
        return tuple(shape.getitem(t, key) for t in self.tensors)


class Subset(Dataset):
    """``random_split``'s parts: the dataset's items at ``indices``."""
    display_name = "Subset"
    class_path = "torch.utils.data.dataset.Subset"

    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, list(indices)

    def attribute(self, name):
        readable = {"dataset": self.dataset, "indices": self.indices}
        if name in readable:
            return readable[name]
        return Dataset.attribute(self, name)

    def length(self) -> int:
        return len(self.indices)

    def getitem(self, key):
        if isinstance(key, list):
            return _item(self.dataset, [self.indices[i] for i in key])
        if type(key) is not int and type(key) is not slice:
            raise type_error(f"list indices must be integers or slices, not {type_name(key)}")
        return _item(self.dataset, _item(self.indices, key))


def _length(dataset) -> int:
    if isinstance(dataset, ScriptObject):
        return dataset.script_len()
    if isinstance(dataset, (list, tuple, range, str, dict)):
        return len(dataset)
    if type(dataset) is Tensor:
        if dataset.data.ndim == 0:
            raise type_error("len() of a 0-d tensor")
        return dataset.shape[0]
    raise type_error(f"object of type '{type_name(dataset)}' has no len()")


def _item(dataset, i):
    if isinstance(dataset, ScriptObject):
        return dataset.getitem(i)
    if type(dataset) is Tensor:
        return shape.getitem(dataset, i)
    try:
        return dataset[i]
    except (IndexError, TypeError) as e:        # Python's own words for a list, tuple, range or str
        raise GradcliError(type(e).__name__, str(e)) from None
    except KeyError:
        raise GradcliError("KeyError", repr(i)) from None


def default_collate(batch: list):
    """``torch.utils.data.default_collate`` for what scripts hold."""
    elem = batch[0]
    if type(elem) is Tensor:
        for k, b in enumerate(batch):
            if type(b) is not Tensor:
                raise type_error(f"expected Tensor as element {k} in argument 0, but got {type_name(b)}")
            if b.shape != elem.shape:
                raise GradcliError("RuntimeError", f"stack expects each tensor to be equal size, but got "
                                   f"{list(elem.shape)} at entry 0 and {list(b.shape)} at entry {k}")
        return join.stack(list(batch), 0)
    if type(elem) is float:
        return create.tensor(list(batch), dtype=D.float64)
    if type(elem) in (int, bool):
        return create.tensor(list(batch))
    if type(elem) is str:
        return list(batch)
    if type(elem) is dict:
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, (tuple, list)):
        if any(len(b) != len(elem) for b in batch):
            raise GradcliError("RuntimeError", "each element in list of batch should be of equal size")
        return [default_collate(list(field)) for field in zip(*batch)]
    raise type_error(f"default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
                     f"found {type_name(elem)}")


def default_convert(data):
    """``default_convert`` (a loader without batching): tuples and lists become lists."""
    if type(data) is dict:
        return {key: default_convert(v) for key, v in data.items()}
    if isinstance(data, (tuple, list)):
        return [default_convert(v) for v in data]
    return data


class DataLoaderIter(ScriptGenerator):
    """One pass of a DataLoader (``iter(loader)``), as PyTorch's single-process iterator."""
    display_name = "_SingleProcessDataLoaderIter"

    def __init__(self, batches):
        ScriptGenerator.__init__(self, "", batches)

    def text(self) -> str:
        return "<torch.utils.data.dataloader._SingleProcessDataLoaderIter object>"


class DataLoader(ScriptObject):
    display_name = "DataLoader"
    class_path = "torch.utils.data.dataloader.DataLoader"

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if num_workers != 0 or persistent_workers or prefetch_factor is not None:
            raise GradcliError("NotSupportedError", "gradcli loads data in the script's own process: "
                               "num_workers must be 0 (and no prefetch_factor or persistent_workers)")
        if sampler is not None or batch_sampler is not None:
            raise GradcliError("NotImplementedError", "gradcli does not support DataLoader(sampler=...) or "
                               "batch_sampler yet: use shuffle=True or False")
        if batch_size is not None and (type(batch_size) is not int or batch_size <= 0):
            raise value_error(f"batch_size should be a positive integer value, but got batch_size={batch_size!r}")
        if generator is not None:
            generator_of(generator)                 # a torch.Generator, or the error
        if _length(dataset) == 0 and shuffle:
            raise value_error("num_samples should be a positive integer value, but got num_samples=0")
        self.dataset, self.batch_size, self.shuffle = dataset, batch_size, bool(shuffle)
        self.drop_last, self.collate_fn, self.generator = bool(drop_last), collate_fn, generator
        self.num_workers = 0

    def attribute(self, name):
        readable = {"dataset": self.dataset, "batch_size": self.batch_size, "drop_last": self.drop_last,
                    "num_workers": self.num_workers, "generator": self.generator}
        if name in readable:
            return readable[name]
        return ScriptObject.attribute(self, name)

    def text(self) -> str:
        return f"<{self.class_path} object>"

    def length(self) -> int:
        n = _length(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def script_iter(self):
        _draw_seed(generator_of(self.generator))            # the base seed of the workers PyTorch could start
        return DataLoaderIter(self._batches())

    def _batches(self):
        n = _length(self.dataset)
        if self.shuffle:
            gen = self.generator
            if gen is None:
                gen = Generator()
                gen.manual_seed(_draw_seed(CONTEXT.generator()))
            order = dist.permutation(generator_of(gen), n).tolist() if n else []
        else:
            order = range(n)
        if self.batch_size is None:
            for i in order:
                sample = _item(self.dataset, i)
                yield default_convert(sample) if self.collate_fn is None else CONTEXT.call(self.collate_fn, (sample,))
            return
        size = self.batch_size
        for start in range(0, n, size):
            indices = order[start:start + size]
            if len(indices) < size and self.drop_last:
                return
            samples = [_item(self.dataset, i) for i in indices]
            yield default_collate(samples) if self.collate_fn is None else CONTEXT.call(self.collate_fn, (samples,))


def random_split(dataset, lengths, generator=None):
    """``random_split``: Subsets of one random permutation, by counts or by
    fractions (PyTorch's rounding: floors, then one more each from the first)."""
    n = _length(dataset)
    if not isinstance(lengths, (list, tuple)) or not all(type(v) in (int, float) for v in lengths):
        raise type_error("random_split(): lengths must be a list of ints or of fractions")
    if lengths and math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        counts = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise value_error(f"Fraction at index {i} is not between 0 and 1")
            counts.append(int(math.floor(n * frac)))
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        for i, count in enumerate(counts):
            if count == 0:
                CONTEXT.warning(f"Length of split at index {i} is 0. This might result in an empty dataset.")
        lengths = counts
    if sum(lengths) != n:
        raise value_error("Sum of input lengths does not equal the length of the input dataset!")
    if any(type(v) is not int for v in lengths):
        raise type_error("random_split(): lengths must be ints, or fractions that sum to 1")
    order = dist.permutation(generator_of(generator), n).tolist()
    return [Subset(dataset, order[end - length:end]) for end, length in zip(itertools.accumulate(lengths), lengths)]


DATA = {"TensorDataset": TensorDataset, "DataLoader": DataLoader, "Subset": Subset, "Dataset": Dataset}
FUNCTIONS = {"random_split": random_split, "default_collate": default_collate, "default_convert": default_convert}
