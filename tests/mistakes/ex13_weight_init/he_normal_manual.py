# expect: weights_follow_kaiming_uniform: normally distributed
import math
import torch
from torch import nn


def init_weights(model):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Linear):
                std = math.sqrt(2.0 / m.in_features)
                m.weight.copy_(torch.randn_like(m.weight) * std)
                m.bias.zero_()
