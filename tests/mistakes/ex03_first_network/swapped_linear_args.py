# expect: layers_match_spec: layer 1 is
import numpy as np
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(hidden, 8), nn.Linear(8, 1))


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
