# expect: returns_a_python_int: returned a `float`
import numpy as np
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    total = sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
    return total / 1.0
