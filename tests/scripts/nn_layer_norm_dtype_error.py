# LayerNorm's parameters in float32, the input in float64
import torch
import torch.nn as nn
nn.LayerNorm(3)(torch.ones(2, 3, dtype=torch.float64))
