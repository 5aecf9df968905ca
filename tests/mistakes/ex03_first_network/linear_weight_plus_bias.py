# expect: counts_every_parameter: 'NoneType' object has no attribute 'numel'
import numpy as np
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    total = 0
    for m in model.modules():
        if isinstance(m, nn.Linear):
            if trainable_only and not m.weight.requires_grad:
                continue
            total += m.weight.numel() + m.bias.numel()
    return total
