# nn.Linear training loops whose products go through each of MKL's sgemm kernels (the fused one for 4+ rows
# by 12+ columns, the small ones in each layout, rows split between two threads): losses printed in full
import torch
from torch import nn

torch.manual_seed(0)
for batch, din, hidden, dout in [(30, 2, 16, 3), (16, 3, 8, 5), (64, 20, 24, 10), (5, 13, 17, 4),
                                 (12, 7, 33, 2), (9, 40, 6, 14), (7, 5, 12, 13)]:
    x = torch.randn(batch, din)
    target = torch.randn(batch, dout)
    model = nn.Sequential(nn.Linear(din, hidden), nn.ReLU(), nn.Linear(hidden, dout))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.5)
    for step in range(25):
        opt.zero_grad()
        loss = ((model(x) - target) ** 2).mean()
        loss.backward()
        opt.step()
        if step % 8 == 0:
            print(batch, din, hidden, dout, step, loss.item())
    print(model[0].weight.grad[0].tolist(), model[2].bias.tolist())
