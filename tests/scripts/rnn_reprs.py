import torch
import torch.nn as nn

torch.manual_seed(4)
print(nn.RNNCell(3, 4))
print(nn.RNNCell(3, 4, bias=False, nonlinearity='relu'))
print(nn.LSTMCell(3, 4))
print(nn.GRUCell(3, 4, bias=False))
print(nn.RNN(3, 4, 2, nonlinearity='relu'))
print(nn.LSTM(3, 4, num_layers=2, bias=False, batch_first=True, dropout=0.25, bidirectional=True))
print(nn.GRU(3, 4))
model = nn.Sequential(nn.Linear(2, 3), nn.Tanh())
print(model)
lstm = nn.LSTM(3, 4, bidirectional=True)
for name, p in lstm.named_parameters():
    print(name, tuple(p.shape))
print(lstm.hidden_size, lstm.num_layers, lstm.batch_first, lstm.bidirectional)
cell = nn.GRUCell(2, 2)
print(cell.weight_ih)
print(cell.bias_ih is None, nn.GRUCell(2, 2, bias=False).bias_ih is None)
print(len(list(nn.RNN(2, 3, num_layers=3).parameters())))
