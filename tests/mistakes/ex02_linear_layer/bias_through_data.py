# expect: equals_nn_linear: `layer.bias.grad` is None
import torch


def linear_forward(x, W, b):
    return x @ W.T + b.data
