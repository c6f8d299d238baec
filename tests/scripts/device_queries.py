# The device checks tutorials start with: no accelerator is available, so
# they pick the CPU; seeding CUDA does nothing; the determinism switches
# can be set and read back.
import torch
import torch.backends.cudnn as cudnn
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
print(f"Using {device} device")
device = (
    "cuda"
    if torch.cuda.is_available()
    else "mps"
    if torch.backends.mps.is_available()
    else "cpu"
)
print(f"Using {device} device")
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"Using {device} device")
print(torch.cuda.device_count(), torch.accelerator.device_count(), torch.accelerator.current_accelerator())
print(torch.cuda.is_initialized(), torch.backends.mps.is_built(), torch.backends.cuda.is_built())
print(torch.cuda.manual_seed(0), torch.cuda.manual_seed_all(0), torch.cuda.empty_cache())
print(cudnn.enabled, cudnn.deterministic, cudnn.benchmark, cudnn.is_available())
torch.manual_seed(0)
torch.backends.cudnn.deterministic = True
torch.backends.cudnn.benchmark = False
print(cudnn.deterministic, torch.backends.cudnn.benchmark)
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled())
torch.use_deterministic_algorithms(True, warn_only=True)
print(torch.is_deterministic_algorithms_warn_only_enabled())
model = nn.Sequential(nn.Linear(3, 2), nn.ReLU()).to(device)
x = torch.rand(2, 3, device=device)
print(model(x).device, next(model.parameters()).device)
torch.backends.cudnn.benchmark = 1
