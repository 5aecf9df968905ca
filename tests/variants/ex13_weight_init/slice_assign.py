# variant: slice assignment m.weight[:] = ... under no_grad
import math
import torch
from torch import nn


def init_weights(model):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Linear):
                b = math.sqrt(6 / m.in_features)
                m.weight[:] = torch.empty(m.out_features, m.in_features).uniform_(-b, b)
                m.bias[:] = 0
