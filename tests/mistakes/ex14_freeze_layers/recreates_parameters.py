# expect: same_parameter_objects: replaced parameters with new `nn.Parameter` objects
import torch
from torch import nn


def freeze_first_layers(model, n):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        layer.weight = nn.Parameter(layer.weight.detach().clone(), requires_grad=False)
        if layer.bias is not None:
            layer.bias = nn.Parameter(layer.bias.detach().clone(), requires_grad=False)


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
