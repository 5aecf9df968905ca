# expect: counts_every_parameter: it counts only the `nn.Linear` layers
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    total = 0
    for m in model.modules():
        if isinstance(m, nn.Linear):
            for p in (m.weight, m.bias):
                if p is not None and (p.requires_grad or not trainable_only):
                    total += p.numel()
    return total
