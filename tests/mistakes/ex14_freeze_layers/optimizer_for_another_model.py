# expect: finetune_optimizer_trains_the_rest: The optimizer does not hold
import copy

import torch
from torch import nn


def freeze_first_layers(model, n):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        layer.requires_grad_(False)


def make_finetune_optimizer(model, lr):
    finetuned = copy.deepcopy(model)          # trains a copy, not the model it was given
    return torch.optim.SGD([p for p in finetuned.parameters() if p.requires_grad], lr=lr)
