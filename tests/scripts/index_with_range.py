import torch
# A range indexes a tensor as the list of its ints does ("What is torch.nn
# really?": input[range(target.shape[0]), target])
torch.manual_seed(0)
x = torch.randn(4, 3, requires_grad=True)
t = torch.tensor([2, 0, 1, 1])


def nll(input, target):
    return -input[range(target.shape[0]), target].mean()


loss = nll(x.log_softmax(-1), t)
print(loss)
loss.backward()
print(x.grad)
y = torch.arange(6.).reshape(2, 3)
print(y[range(2)], y[:, range(1, 3)], y[range(-2, 0), 1], y[range(0, 2), None])
print(y[range(0)], y[:, []], y[[]], y[[1.0]])
y[range(2), [0, 1]] = 7
print(y)
# and a range is indexed as Python indexes it, a one-element integer tensor as an int
r = range(2, 20, 3)
print(range(10)[torch.tensor(9)], r[3], r[-1], r[1:4], r[::-2], r[torch.tensor([1])], r[True], r[False:2])
print([1, 2, 3][torch.tensor([[2]])], 'abc'[torch.tensor(0)], (4, 5)[torch.tensor(True)], [1, 2, 3][torch.tensor(1):])
z = [1, 2, 3]
z[torch.tensor([1])] = 5
print(z, y[torch.tensor([1]):], y[:, :torch.tensor(2)])
print(r[torch.tensor([1, 2])])
