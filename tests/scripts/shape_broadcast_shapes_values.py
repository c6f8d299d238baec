# torch.broadcast_shapes takes any sequence of sizes (a range too); a value that is not an int or a
# sequence is named in its error as Python's f-string writes it (a 0-d tensor as its item)
import torch
print(torch.broadcast_shapes(range(1, 4), (2, 1, 1)), torch.broadcast_shapes(range(0), [5]))
print(torch.broadcast_shapes(torch.Size([2, 1]), (1, 3), [4, 1, 1], None, 3))
print(torch.broadcast_shapes(), torch.broadcast_shapes(True, (1,)))
torch.broadcast_shapes((2, 3), print)
