# expect: finetune_optimizer_trains_the_rest: SGD
import torch
from torch import nn


def freeze_first_layers(model, n):
    for layer in [m for m in model.modules() if isinstance(m, nn.Linear)][:n]:
        layer.requires_grad_(False)


def make_finetune_optimizer(model, lr):
    return torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=lr)
