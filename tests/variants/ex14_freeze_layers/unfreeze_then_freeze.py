# variant: everything made trainable first, then the first n linear layers frozen
import torch
from torch import nn


def freeze_first_layers(model, n):
    model.requires_grad_(True)
    count = 0
    for m in model.modules():
        if isinstance(m, nn.Linear) and count < n:
            m.requires_grad_(False)
            count += 1


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
