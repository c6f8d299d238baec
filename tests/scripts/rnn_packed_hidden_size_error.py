# a packed batch's hidden state must hold the largest batch
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_sequence

torch.manual_seed(2)
gru = nn.GRU(3, 4)
packed = pack_sequence([torch.randn(3, 3), torch.randn(2, 3)])
print(packed.batch_sizes)
gru(packed, torch.zeros(1, 3, 4))
