# expect: requires_grad_flags_exact: on `p.data`
import torch
from torch import nn


def freeze_first_layers(model, n):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        layer.weight.data.requires_grad = False
        if layer.bias is not None:
            layer.bias.data.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
