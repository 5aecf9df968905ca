"""`nn.LazyLinear` infers the input width at the first call; counting flattens each tensor."""
import torch
from torch import nn


def make_model(hidden):
    model = nn.Sequential(nn.LazyLinear(hidden), nn.Linear(hidden, 1))
    model(torch.zeros(1, 8))               # materialise the lazy layer: 8 inputs
    return model


def count_parameters(model, trainable_only=False):
    total = 0
    for name, p in model.named_parameters():
        if trainable_only and not p.requires_grad:
            continue
        total += p.flatten().shape[0]
    return int(total)
