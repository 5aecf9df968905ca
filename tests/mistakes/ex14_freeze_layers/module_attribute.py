# expect: requires_grad_flags_exact: on the module
import torch
from torch import nn


def freeze_first_layers(model, n):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        layer.requires_grad = False       # sets an attribute on the module, freezes nothing


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
