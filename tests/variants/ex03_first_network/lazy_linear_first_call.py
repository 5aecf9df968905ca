"""`nn.LazyLinear` for the first layer, left to infer its 8 inputs at the first call."""
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.LazyLinear(hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
