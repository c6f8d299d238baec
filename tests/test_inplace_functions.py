"""torch.f_(x) and F.f_(x), PyTorch's in-place functions: every one PyTorch
2.13's torch namespace has whose method x.f_() gradcli offers is there,
and each writes its tensor argument as the method does (PyTorch's answers
for values, nodes and errors: tests/scripts/inplace_function_forms.py and
tests/op_error_cases.py)."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.errors import GradcliError
from gradcli.ops import names


def test_every_torch_inplace_function_with_a_method_is_offered():
    names.pytorch_has("torch", "")
    pytorch = {full.split(".", 1)[1] for full in names._PYTORCH_NAMES
               if full.startswith("torch.") and full.count(".") == 1 and full.endswith("_") and not full[6] == "_"}
    with_method = {n for n in pytorch if n in names.METHODS}
    assert set(names.TORCH_INPLACE) == with_method
    missing = [n for n in pytorch if n not in names.TORCH]
    assert "exp_" not in missing and "selu_" not in missing and "celu_" not in missing


@pytest.mark.parametrize("name", [n for n in names.TORCH_INPLACE if n not in ("detach_", "fill_", "zero_", "clamp_",
                                                                              "clamp_min_", "clamp_max_", "clip_",
                                                                              "xlogy_")])
def test_torch_function_writes_its_argument_as_the_method(name):
    x = np.array([1.25, 0.5, 0.75]) + (1.0 if "cosh" in name else 0.0)
    by_function, by_method = Tensor(x.copy()), Tensor(x.copy())
    assert names.TORCH[name](by_function) is by_function
    names.METHODS[name](by_method)
    assert by_function._version.value == 1
    np.testing.assert_array_equal(by_function.data, by_method.data)
    assert not np.array_equal(by_function.data, x) or name in ("abs_", "relu_", "nan_to_num_")


def test_inplace_activation_functions_refuse_an_inplace_keyword():
    with pytest.raises(GradcliError) as err:
        names.FUNCTIONAL["leaky_relu_"](Tensor(np.ones(2)), inplace=True)
    assert err.value.message == "leaky_relu_() got an unexpected keyword argument 'inplace'"
