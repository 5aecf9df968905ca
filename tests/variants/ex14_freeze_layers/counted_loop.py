"""A counter over named_modules that stops after n layers; a param-group dict."""
import torch
from torch import nn


def freeze_first_layers(model, n):
    frozen = 0
    for _, module in model.named_modules():
        if frozen == n:
            break
        if isinstance(module, nn.Linear):
            for p in module.parameters():
                p.requires_grad_(False)
            frozen += 1


def make_finetune_optimizer(model, lr):
    trainable = [p for p in model.parameters() if p.requires_grad]
    return torch.optim.SGD([{"params": trainable}], lr=lr)
