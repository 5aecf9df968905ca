# variant: pre-order recursion over children (same order as modules()), a shared counter
import torch
from torch import nn


def freeze_first_layers(model, n):
    remaining = [n]

    def visit(module):
        if isinstance(module, nn.Linear):
            if remaining[0] > 0:
                module.requires_grad_(False)
                remaining[0] -= 1
            return
        for child in module.children():
            visit(child)

    visit(model)


def make_finetune_optimizer(model, lr):
    trainable = list(filter(lambda p: p.requires_grad, model.parameters()))
    return torch.optim.SGD(trainable, lr, momentum=0.0)
