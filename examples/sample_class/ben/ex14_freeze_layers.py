import torch
from torch import nn


def freeze_first_layers(model, n):
    for layer in [m for m in model.modules() if isinstance(m, nn.Linear)][:n]:
        layer.weight.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD(model.parameters(), lr=lr)
