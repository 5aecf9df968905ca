# expect: counts_every_parameter: it counts every parameter twice
import numpy as np
import torch
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    total = 0
    for module in model.modules():            # every layer of the model
        for p in module.parameters():
            if p.requires_grad or not trainable_only:
                total += p.numel()
    return total
