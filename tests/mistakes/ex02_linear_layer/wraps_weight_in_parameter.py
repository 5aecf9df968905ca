# expect: equals_nn_linear: `layer.weight.grad` is None
import torch
from torch import nn


def linear_forward(x, W, b):
    weight = nn.Parameter(W)                # the weights are what is learned
    bias = nn.Parameter(b)
    return x @ weight.T + bias
