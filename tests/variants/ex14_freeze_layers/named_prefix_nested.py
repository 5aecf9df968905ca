# variant: named_parameters with the owner's name parsed; works for nested Module subclasses
import torch
from torch import nn


def freeze_first_layers(model, n):
    first = [name for name, m in model.named_modules() if isinstance(m, nn.Linear)][:n]
    for name, param in model.named_parameters():
        module_name = ".".join(name.split(".")[:-1])
        if module_name in first:
            param.requires_grad = False
    return None


def make_finetune_optimizer(model, lr):
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
    return opt
