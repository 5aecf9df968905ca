# exercise: ex14_freeze_layers
# at most: 4
# A 12 MB class name travels as a probe value into the check's message, unbounded.
import torch
from torch import nn

_NAME = "x" * (12 << 20)

def freeze_first_layers(model, n):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        for param in layer.parameters():
            param.requires_grad = False
    return type(_NAME, (), {})()

def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
