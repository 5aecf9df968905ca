# expect: equals_nn_linear: `x.grad` is None
import torch


def linear_forward(x, W, b):
    x = x.detach()            # the input is data, only W and b are learned
    return x @ W.T + b
