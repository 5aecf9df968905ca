# expect: weights_follow_kaiming_uniform: fan_in taken as the weight's number of elements
import math

from torch import nn


def init_weights(model):
    for module in model.modules():
        if isinstance(module, nn.Linear):
            bound = math.sqrt(6 / module.weight.numel())     # fan_in is weight.shape[1]
            nn.init.uniform_(module.weight, -bound, bound)
            nn.init.zeros_(module.bias)
