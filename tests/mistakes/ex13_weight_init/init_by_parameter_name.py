# expect: other_layers_untouched: a LayerNorm parameter
from torch import nn


def init_weights(model):
    for name, p in model.named_parameters():
        if name.endswith("weight") and p.dim() == 2:
            nn.init.kaiming_uniform_(p, nonlinearity="relu")
        elif name.endswith("bias"):
            nn.init.zeros_(p)
