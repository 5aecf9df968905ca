# expect: weights_follow_kaiming_uniform: sqrt(6 / fan_in)
import math
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            b = math.sqrt(6) / m.in_features
            nn.init.uniform_(m.weight, -b, b)
            nn.init.zeros_(m.bias)
