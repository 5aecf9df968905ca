# expect: counts_every_parameter: it counts nothing
import numpy as np
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    params = model.parameters(recurse=False)
    return sum(p.numel() for p in params if p.requires_grad or not trainable_only)
