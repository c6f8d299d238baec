"""Calls that PyTorch refuses, for tests/test_op_errors.py: gradcli must raise the
same error type with the same words (recorded by tests/goldens/make_op_error_goldens.py)."""

CASES = {
    "ce_target_oob": "F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 5]))",
    "mse_shape": "F.mse_loss(torch.zeros(2, 3), torch.zeros(2, 2))",
    "linear_shape": "F.linear(torch.zeros(2, 3), torch.zeros(5, 4))",
    "bce_range": "F.binary_cross_entropy(torch.tensor([0.5, 1.5]), torch.tensor([0.0, 1.0]))",
    "clamp_none": "torch.clamp(torch.zeros(2))",
    "repeat_dims": "torch.zeros(2, 3).repeat(2)",
    "inv_singular": "torch.linalg.inv(torch.tensor([[1.0, 2.0], [2.0, 4.0]]))",
    "split_sizes": "torch.zeros(5).split([2, 2])",
    "cuda": "torch.zeros(2, device='cuda')",
    "atan2_number": "torch.atan2(torch.zeros(2), 2.0)",
    "det_nonsquare": "torch.det(torch.zeros(2, 3))",
    "trace_1d": "torch.trace(torch.zeros(3))",
    "out_grad": "torch.add(torch.ones(2, requires_grad=True), 1, out=torch.zeros(2))",
    "out_cast": "torch.add(torch.ones(2), 1, out=torch.zeros(2, dtype=torch.long))",
    "lsm_int": "torch.log_softmax(torch.tensor([1, 2]), 0)",
    "div_mode": "torch.div(torch.ones(2), 2, rounding_mode='round')",
    "nll_batch": "F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 1, 2]))",
    "tril_1d": "torch.tril(torch.zeros(3))",
    "roll_align": "torch.roll(torch.zeros(2, 2), (1, 1), 0)",
    "transpose_0d": "torch.tensor(1.0).transpose(0, 1)",
}
