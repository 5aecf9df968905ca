"""Layers in an `nn.ModuleDict`; counting with `math.prod(p.size())` in a plain loop."""
import math

from torch import nn


class Net(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.layers = nn.ModuleDict({"first": nn.Linear(8, hidden), "last": nn.Linear(hidden, 1)})

    def forward(self, x):
        x = self.layers["first"](x)
        x = self.layers["last"](x)
        return x


def make_model(hidden):
    net = Net(hidden)
    print(net)
    return net


def count_parameters(model, trainable_only=False):
    count = 0
    for p in model.parameters():
        if p.requires_grad or trainable_only is False:
            count += math.prod(p.size())
    return count
