import torch


def layer(x, w):
    return x @ w


def model(x, weights):
    for w in weights:
        x = layer(x, w)
    return x


x = torch.ones(2, 3)
print(model(x, [torch.ones(3, 4)]).shape)
print(model(x, [torch.ones(3, 4), torch.ones(5, 1)]))
