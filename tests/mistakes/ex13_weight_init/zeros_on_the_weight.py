# expect: weights_follow_kaiming_uniform: they all equal 0
from torch import nn


def init_weights(model):
    for module in model.modules():
        if isinstance(module, nn.Linear):
            nn.init.kaiming_uniform_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.weight)       # a copy-paste slip: meant module.bias
