# expect: other_layers_untouched: LayerNorm
from torch import nn


def init_weights(model):
    for m in model.modules():
        if hasattr(m, "weight") and m.weight is not None and m.weight.dim() > 1:
            nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
        if hasattr(m, "bias") and m.bias is not None:
            nn.init.zeros_(m.bias)
