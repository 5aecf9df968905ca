"""Reference for exercise 14: freeze the first n linear layers; optimise the rest."""
import torch
from torch import nn


def freeze_first_layers(model: nn.Module, n: int) -> None:
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        for param in layer.parameters():        # weight and bias
            param.requires_grad = False


def make_finetune_optimizer(model: nn.Module, lr: float) -> torch.optim.Optimizer:
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
