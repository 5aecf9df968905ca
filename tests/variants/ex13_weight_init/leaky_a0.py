# variant: nonlinearity='leaky_relu' with a=0 (same gain as relu), named_parameters to find Linear weights
from torch import nn


def init_weights(model):
    linear_names = {name for name, m in model.named_modules() if isinstance(m, nn.Linear)}
    for name, p in model.named_parameters():
        owner, _, kind = name.rpartition(".")
        if owner in linear_names:
            if kind == "weight":
                nn.init.kaiming_uniform_(p, a=0.0, nonlinearity="leaky_relu")
            elif kind == "bias":
                nn.init.zeros_(p)
