import torch
# under a float64 default, an integer tensor's in-place float result is a Double
torch.set_default_dtype(torch.float64)
i = torch.tensor([1, 2])
i += 0.5
