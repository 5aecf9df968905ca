# expect: counts_every_parameter: it counts buffers too
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    if trainable_only:
        return sum(p.numel() for p in model.parameters() if p.requires_grad)
    return sum(t.numel() for t in model.state_dict().values())     # every saved number
