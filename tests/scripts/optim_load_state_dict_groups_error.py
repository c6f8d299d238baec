# an optimizer's state_dict loaded into one with another number of parameter groups
import torch
w = torch.ones(2, requires_grad=True)
b = torch.ones(1, requires_grad=True)
one = torch.optim.SGD([w, b], lr=0.1)
two = torch.optim.SGD([{"params": [w]}, {"params": [b]}], lr=0.1)
print(len(one.state_dict()["param_groups"]), len(two.state_dict()["param_groups"]))
two.load_state_dict(one.state_dict())
