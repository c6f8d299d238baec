# PackedSequence as a named tuple, padding to the left, total_length, and
# packed batches through a GRU and an RNN with initial hidden states.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import PackedSequence, pack_sequence, pad_packed_sequence, pad_sequence, unpad_sequence

torch.manual_seed(4)
a = torch.randn(4, 2, requires_grad=True)
b = torch.randn(2, 2, requires_grad=True)
c = torch.randn(3, 2, requires_grad=True)
left = pad_sequence([a, b, c], batch_first=True, padding_value=9.0, padding_side="left")
print(left)
packed = pack_sequence([a, b, c], enforce_sorted=False)
data, batch_sizes, sorted_indices, unsorted_indices = packed
print(batch_sizes, sorted_indices, unsorted_indices, len(packed), packed[1] is batch_sizes)
print(isinstance(packed, PackedSequence), isinstance(packed, tuple), type(packed))
print(packed.double())
print(packed.to(torch.float32) is packed, packed.is_cuda)
unpacked, lengths = pad_packed_sequence(packed, total_length=6)
print(unpacked.shape, lengths, unpacked.grad_fn)
gru = nn.GRU(2, 3, num_layers=2)
out, h = gru(packed, torch.randn(2, 3, 3))
print(out)
print(h)
rnn = nn.RNN(2, 3, nonlinearity="relu", bidirectional=True)
out2, h2 = rnn(pack_sequence([a, c, b]))
print(out2.data.grad_fn, h2.grad_fn, out2.sorted_indices)
(out.data.sum() + h.pow(2).sum() + out2.data.tanh().sum() + h2.sum()).backward()
print(a.grad)
print(b.grad)
print(c.grad)
print(gru.weight_ih_l0.grad)
print(rnn.weight_hh_l0_reverse.grad)
pieces = unpad_sequence(pad_sequence([a, b, c]).detach(), torch.tensor([4, 2, 3]))
print([p.shape for p in pieces])
