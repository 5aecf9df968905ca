# expect: every_linear_layer_initialised: nested
from torch import nn


def init_weights(model):
    layers = model if isinstance(model, nn.Sequential) else model.children()
    for m in layers:
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
