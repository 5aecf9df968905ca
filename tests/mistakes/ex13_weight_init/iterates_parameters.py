# expect: weights_follow_kaiming_uniform: the weights were not changed
from torch import nn


def init_weights(model):
    for p in model.parameters():
        if isinstance(p, nn.Linear):
            nn.init.kaiming_uniform_(p.weight, nonlinearity="relu")
            nn.init.zeros_(p.bias)
