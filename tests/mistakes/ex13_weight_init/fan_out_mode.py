# expect: weights_follow_kaiming_uniform: `mode='fan_out'`
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, mode="fan_out", nonlinearity="relu")
            nn.init.zeros_(m.bias)
