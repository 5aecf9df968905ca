# expect: weights_follow_kaiming_uniform: tanh
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, nonlinearity="tanh")
            nn.init.zeros_(m.bias)
