# expect: counts_every_parameter: look at the condition that filters them
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if trainable_only and p.requires_grad)
