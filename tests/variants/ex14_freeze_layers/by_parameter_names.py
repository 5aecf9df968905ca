"""Freeze by parameter name; the optimizer holds every parameter (frozen ones get no grad)."""
import torch
from torch import nn


def freeze_first_layers(model, n):
    names = [name for name, m in model.named_modules() if isinstance(m, nn.Linear)][:n]
    for name, param in model.named_parameters():
        if name.rsplit(".", 1)[0] in names:
            param.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD(model.parameters(), lr=lr)
