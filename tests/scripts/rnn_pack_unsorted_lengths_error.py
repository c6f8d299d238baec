# pack_padded_sequence with lengths out of order, without enforce_sorted=False
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

padded = pad_sequence([torch.ones(2, 3), torch.ones(4, 3), torch.ones(1, 3)])
print(padded.shape)
pack_padded_sequence(padded, [2, 4, 1])
