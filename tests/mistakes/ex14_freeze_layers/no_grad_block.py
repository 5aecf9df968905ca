# expect: frozen_params_do_not_move: `torch.no_grad()` freeze nothing
import torch
from torch import nn


def freeze_first_layers(model, n):
    with torch.no_grad():
        for layer in [m for m in model.modules() if isinstance(m, nn.Linear)][:n]:
            for p in layer.parameters():
                p.grad = None


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
