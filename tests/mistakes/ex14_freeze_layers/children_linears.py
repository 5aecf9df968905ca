# expect: requires_grad_flags_exact: modules()
import torch
from torch import nn


def freeze_first_layers(model, n):
    linears = [m for m in model.children() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        layer.requires_grad_(False)


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
