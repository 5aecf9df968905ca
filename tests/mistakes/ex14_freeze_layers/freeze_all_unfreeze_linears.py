# expect: requires_grad_flags_exact: LayerNorm
import torch
from torch import nn


def freeze_first_layers(model, n):
    for p in model.parameters():
        p.requires_grad = False
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[n:]:
        for p in layer.parameters():
            p.requires_grad = True


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
