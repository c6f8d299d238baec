# ModuleDict lookup of a missing key
import torch
from torch import nn
md = nn.ModuleDict({"a": nn.ReLU()})
print("a" in md, "b" in md)
md["b"]
