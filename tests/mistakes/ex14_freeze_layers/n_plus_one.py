# expect: requires_grad_flags_exact: the frozen layers are 1, 2, 3; expected the first 2
import torch
from torch import nn


def freeze_first_layers(model, n):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for i, layer in enumerate(linears):
        if i <= n:
            layer.requires_grad_(False)


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
