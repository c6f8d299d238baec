import torch
import torch.nn as nn

torch.manual_seed(0)
lstm = nn.LSTM(input_size=3, hidden_size=4, num_layers=2)
x = torch.randn(5, 2, 3)
output, (h_n, c_n) = lstm(x)
print(output)
print(h_n)
print(c_n)
print(output.shape, h_n.shape, c_n.shape)
loss = output.pow(2).mean() + h_n.sum()
loss.backward()
print(lstm.weight_hh_l0.grad)
print(lstm.bias_ih_l1.grad)
