# F.batch_norm in evaluation mode needs running statistics
import torch
import torch.nn.functional as F
x = torch.randn(4, 2)
print(F.batch_norm(x, None, None, training=True).shape)
F.batch_norm(x, None, None)
