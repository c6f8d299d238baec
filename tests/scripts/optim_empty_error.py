import torch
import torch.optim as optim

opt = optim.Adam([])
