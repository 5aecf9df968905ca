# variant: weight and bias frozen separately, with a None check; generator into SGD
import torch
from torch import nn


def freeze_first_layers(model, n):
    linear_layers = [module for module in model.modules() if isinstance(module, nn.Linear)]
    for layer in linear_layers[:n]:
        layer.weight.requires_grad = False
        if layer.bias is not None:
            layer.bias.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD((p for p in model.parameters() if p.requires_grad), lr=lr)
