# expect: counts_trainable_only: it counts the frozen parameters too
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())
