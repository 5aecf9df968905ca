# variant: recursion over children() (reaches nested layers), kaiming with a=0 and mode='fan_in'
from torch import nn


def init_weights(model):
    for child in model.children():
        if isinstance(child, nn.Linear):
            nn.init.kaiming_uniform_(child.weight, a=0, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(child.bias)
        else:
            init_weights(child)
