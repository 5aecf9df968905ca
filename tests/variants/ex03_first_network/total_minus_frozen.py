"""All parameters, minus the frozen ones when only the trainable ones are asked for."""
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(
        nn.Linear(in_features=8, out_features=hidden, bias=True),
        nn.Linear(in_features=hidden, out_features=1, bias=True),
    )


def count_parameters(model, trainable_only=False):
    total = sum(torch.numel(p) for p in model.parameters())
    frozen = sum(torch.numel(p) for p in model.parameters() if not p.requires_grad)
    return total - frozen if trainable_only else total
