"""model.apply with every keyword spelled out, and constant_ for the bias."""
from torch import nn


def _init(m):
    if type(m) is nn.Linear:
        nn.init.kaiming_uniform_(m.weight, a=0, mode="fan_in", nonlinearity="relu")
        nn.init.constant_(m.bias, 0.0)


def init_weights(model):
    model.apply(_init)
    return model
