# expect: returns_a_python_int: returned a `numpy.int64`
import numpy as np
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    return sum(np.prod(p.shape) for p in model.parameters() if p.requires_grad or not trainable_only)
