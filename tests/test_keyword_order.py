"""The order PyTorch lists a call's keywords in its "invalid combination"
errors (gradcli/ops/keyword_order.py): libstdc++'s unordered_map order."""
from __future__ import annotations

import random
import re
import string

import pytest

from gradcli.ops.keyword_order import keyword_order, string_hash


def test_string_hash_is_libstdcxx_hash():
    # std::hash<std::string> values printed by a program built with g++ 12 on x86-64
    assert string_hash("") == 6142509188972423790
    assert string_hash("a") == 4993892634952068459
    assert string_hash("dtype") == string_hash("dtype")


@pytest.mark.parametrize("names,order", [
    (["z", "a", "m"], ["a", "m", "z"]),
    (["foo", "bar", "baz", "a", "b", "c", "d"], ["c", "b", "baz", "bar", "d", "a", "foo"]),
    (["dtype", "requires_grad"], ["requires_grad", "dtype"]),
    (["low", "high", "size", "foo"], ["foo", "size", "high", "low"]),
])
def test_orders_pytorch_printed(names, order):
    assert keyword_order(names) == order


def test_live_orders_of_random_keyword_sets():
    torch = pytest.importorskip("torch")
    rng = random.Random(5)
    for _ in range(150):
        names = list(dict.fromkeys("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 9)))
                                   for _ in range(rng.randint(2, 8))))
        kw = {k: 1 for k in names if k not in ("out", "dtype", "layout", "device", "pin_memory", "requires_grad",
                                               "generator", "size", "names")}
        # rand(2, 3, ...) with 1-5 keywords fits both overloads by count: PyTorch lists them all
        kw = dict(list(kw.items())[:5])
        if not kw:
            continue
        with pytest.raises(TypeError) as info:
            torch.rand(2, 3, **kw)
        got = re.search(r"got \((.*)\), but", str(info.value)).group(1)
        listed = [p.split("=")[0] for p in got.split(", ") if "=" in p]
        assert listed == keyword_order(list(kw)), names


def test_many_keywords_rehash_as_libstdcxx_does():
    """Past 13 keywords the map grows to 29 buckets, then 59: the order
    recorded from a compiled unordered_map<std::string, int>."""
    names = [f"k{i}" for i in range(30)]
    assert keyword_order(names) == ("k21 k10 k29 k8 k17 k27 k20 k7 k3 k22 k6 k1 k9 k12 k14 k11 k2 k0 k15 k16 "
                                    "k18 k19 k4 k26 k24 k5 k13 k23 k25 k28").split()
