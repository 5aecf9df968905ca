"""kaiming_uniform_ with its defaults (a=0, leaky_relu: the same gain as relu); .data.fill_."""
from torch import nn


def init_weights(model):
    for _, module in reversed(list(model.named_modules())):
        if isinstance(module, nn.Linear):
            nn.init.kaiming_uniform_(module.weight)
            module.bias.data.fill_(0)
