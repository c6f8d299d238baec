import torch
import torch.nn as nn

torch.manual_seed(1)
gru = nn.GRU(4, 3, num_layers=2, batch_first=True, bidirectional=True)
x = torch.randn(2, 5, 4, requires_grad=True)
h0 = torch.zeros(4, 2, 3)
out, h_n = gru(x, h0)
print(out.grad_fn, h_n.grad_fn)
print(out[:, -1])
print(h_n)
out.sum().backward()
print(x.grad[0])
print(gru.weight_ih_l1_reverse.grad.shape)
print(gru.bias_hh_l0.grad)

# an unbatched sequence, tanh and relu RNNs
rnn = nn.RNN(4, 3, nonlinearity='relu')
seq = torch.randn(6, 4)
out, h = rnn(seq)
print(out, h)
print(out.grad_fn, h.grad_fn)
