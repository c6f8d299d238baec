import torch
import torch.nn as nn

torch.manual_seed(3)
lstm_cell = nn.LSTMCell(3, 2)
gru_cell = nn.GRUCell(3, 2, bias=False)
x = torch.randn(4, 3)
hx, cx = lstm_cell(x)
for _ in range(2):
    hx, cx = lstm_cell(x, (hx, cx))
print(hx, cx)
g = gru_cell(x[0])
g = gru_cell(x[1], g)
print(g)
(hx.sum() + cx.sum() + g.sum()).backward()
print(lstm_cell.weight_ih.grad)
print(gru_cell.weight_hh.grad)
print(lstm_cell.bias_hh.grad)
