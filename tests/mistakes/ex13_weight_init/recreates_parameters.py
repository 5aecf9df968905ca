# expect: initialises_in_place: replaced the model's parameters with new `nn.Parameter` objects
import math

import torch
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            bound = math.sqrt(6 / m.in_features)
            m.weight = nn.Parameter(torch.empty(m.out_features, m.in_features).uniform_(-bound, bound))
            m.bias = nn.Parameter(torch.zeros(m.out_features))
