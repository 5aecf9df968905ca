# expect: layers_match_spec: they have no biases
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden, bias=False), nn.Linear(hidden, 1, bias=False))


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
