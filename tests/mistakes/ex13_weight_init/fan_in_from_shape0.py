# expect: weights_follow_kaiming_uniform: fan_out
import math
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            fan_in = m.weight.shape[0]          # rows of the weight (actually out_features)
            b = math.sqrt(6 / fan_in)
            nn.init.uniform_(m.weight, -b, b)
            nn.init.zeros_(m.bias)
