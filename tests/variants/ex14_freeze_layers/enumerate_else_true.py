# variant: enumerate over the linear layers, explicit requires_grad=True for the others; param group with lr
import torch
from torch import nn


def freeze_first_layers(model, n):
    i = 0
    for module in model.modules():
        if isinstance(module, nn.Linear):
            for p in module.parameters():
                p.requires_grad = i >= n
            i += 1


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([{"params": [p for p in model.parameters() if p.requires_grad],
                             "lr": lr}], lr=lr)
