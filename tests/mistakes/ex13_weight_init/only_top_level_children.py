# expect: every_linear_layer_initialised: the weights were not changed
from torch import nn


def init_weights(model):
    for m in model.children():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
