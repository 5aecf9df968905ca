# expect: requires_grad_flags_exact: only the first linear layer is frozen
import torch
from torch import nn


def freeze_first_layers(model, n):
    first = next(m for m in model.modules() if isinstance(m, nn.Linear))
    first.requires_grad_(False)


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
