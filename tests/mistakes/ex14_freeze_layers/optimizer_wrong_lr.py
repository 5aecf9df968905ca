# expect: finetune_optimizer_trains_the_rest: SGD with the `lr` it is given
import torch
from torch import nn


def freeze_first_layers(model, n):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        layer.requires_grad_(False)


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.001)
