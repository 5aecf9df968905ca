# variant: ids of the frozen tensors in a set; the optimizer holds every parameter
import torch
from torch import nn


def freeze_first_layers(model, n):
    to_freeze = set()
    for layer in [m for m in model.modules() if type(m) is nn.Linear][:n]:
        to_freeze.update(id(p) for p in layer.parameters())
    for p in model.parameters():
        if id(p) in to_freeze:
            p.requires_grad_(False)


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD(model.parameters(), lr=lr)
