import torch
import torch.nn as nn

torch.manual_seed(6)
gru = nn.GRU(2, 3, num_layers=2)
gru.flatten_parameters()
print([[tuple(w.shape) for w in ws] for ws in gru.all_weights])
print(len(nn.RNN(2, 3, bias=False, bidirectional=True).all_weights[1]))
cell = nn.LSTMCell(2, 3)
before = cell.weight_hh.clone()
cell.reset_parameters()
print(torch.equal(before, cell.weight_hh), cell.weight_hh)
gru.reset_parameters()
print(gru.bias_hh_l1)
state = gru.state_dict()
print(list(state.keys()))
gru.eval()
print(gru.training, gru(torch.ones(4, 2))[1])
