# expect: equals_nn_linear: cut off from autograd
import torch


def linear_forward(x, W, b):
    with torch.no_grad():          # only a forward pass, no training here
        return x @ W.T + b
