# expect: weights_follow_kaiming_uniform: all positive
import math
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            b = math.sqrt(6 / m.in_features)
            nn.init.uniform_(m.weight, 0, b)
            nn.init.zeros_(m.bias)
