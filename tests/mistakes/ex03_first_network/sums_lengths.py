# expect: counts_every_parameter: it adds up `len(p)`
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    return sum(len(p) for p in model.parameters() if p.requires_grad or not trainable_only)
