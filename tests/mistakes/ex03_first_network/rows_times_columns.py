# expect: counts_every_parameter: IndexError: tuple index out of range
import numpy as np
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    total = 0
    for p in model.parameters():
        if p.requires_grad or not trainable_only:
            total += p.shape[0] * p.shape[1]       # rows times columns
    return total
