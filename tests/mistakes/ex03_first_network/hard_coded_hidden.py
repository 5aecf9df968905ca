# expect: layers_match_spec: layer 1 is 8 -> 4 where the spec has
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, 4), nn.Linear(4, 1))     # the course's 4


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
