# expect: equals_nn_linear: a leaf Variable that requires grad is being used in an in-place operation
import torch


def linear_forward(x, W, b):
    W.t_()                    # (out, in) -> (in, out)
    return x @ W + b
