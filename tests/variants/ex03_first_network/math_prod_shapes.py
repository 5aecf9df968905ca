"""Sizes from shapes with `math.prod`, over `named_parameters`."""
import math

import torch.nn as nn


def make_model(hidden):
    model = nn.Sequential()
    model.append(nn.Linear(8, hidden))
    model.append(nn.Linear(hidden, 1))
    return model


def count_parameters(model, trainable_only=False):
    sizes = [math.prod(p.shape) for _, p in model.named_parameters()
             if p.requires_grad or not trainable_only]
    return int(sum(sizes))
