# Sentence classification over a batch of sentences of different lengths:
# embed, pad, pack (unsorted), a bidirectional two-layer LSTM over the packed
# batch, unpack, then a loss from both the outputs and the final states.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, unpack_sequence

torch.manual_seed(0)
sentences = ["the cat sat", "a dog ran to the park", "birds sing", "the old man saw a cat"]
labels = torch.tensor([0, 1, 0, 1])
vocab = {}
for s in sentences:
    for w in s.split():
        if w not in vocab:
            vocab[w] = len(vocab) + 1          # 0 is the padding index
seqs = [torch.tensor([vocab[w] for w in s.split()]) for s in sentences]
lengths = torch.tensor([len(s) for s in seqs])
print(lengths)

embedding = nn.Embedding(len(vocab) + 1, 4, padding_idx=0)
lstm = nn.LSTM(4, 3, num_layers=2, bidirectional=True, batch_first=True)
head = nn.Linear(6, 2)

tokens = pad_sequence(seqs, batch_first=True)
print(tokens)
packed = pack_padded_sequence(embedding(tokens), lengths, batch_first=True, enforce_sorted=False)
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
print(packed.data.grad_fn)
out, (h, c) = lstm(packed)
print(type(out), isinstance(out, tuple), len(out), out.data.shape, out.data.grad_fn)
print(h.grad_fn, h.shape, c.shape)
padded, out_lengths = pad_packed_sequence(out, batch_first=True, padding_value=-1.0)
print(padded.shape, out_lengths, padded.grad_fn)
print(padded[2])
logits = head(torch.cat([h[-2], h[-1]], dim=1))
loss = F.cross_entropy(logits, labels) + (padded.clamp(min=0) ** 2).mean()
print(loss)
loss.backward()
print(embedding.weight.grad)
print(lstm.weight_hh_l0.grad)
print(lstm.bias_ih_l1_reverse.grad)
print(head.weight.grad)
for piece in unpack_sequence(out):
    print(piece.shape, piece.grad_fn)
