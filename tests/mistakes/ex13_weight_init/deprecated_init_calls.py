# expect: biases_are_zero: end with an underscore
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform(m.weight, nonlinearity="relu")
            nn.init.zeros(m.bias)
