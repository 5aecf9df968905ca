# expect: finetune_optimizer_trains_the_rest: momentum
import torch
from torch import nn


def freeze_first_layers(model, n):
    for layer in [m for m in model.modules() if isinstance(m, nn.Linear)][:n]:
        layer.requires_grad_(False)


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr, momentum=0.9)
