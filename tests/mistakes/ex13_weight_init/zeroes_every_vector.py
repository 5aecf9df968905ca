# expect: other_layers_untouched: a LayerNorm parameter
from torch import nn


def init_weights(model):
    for p in model.parameters():
        if p.dim() == 1:
            nn.init.zeros_(p)
        else:
            nn.init.kaiming_uniform_(p, nonlinearity="relu")
