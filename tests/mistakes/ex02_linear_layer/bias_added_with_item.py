# expect: equals_nn_linear: `layer.bias.grad` is None
import torch


def linear_forward(x, W, b):
    out = x @ W.T
    for j in range(len(b)):
        out[..., j] += b[j].item()
    return out
