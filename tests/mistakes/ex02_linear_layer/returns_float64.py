# expect: equals_nn_linear: has dtype float64
import torch


def linear_forward(x, W, b):
    return x.double() @ W.double().T + b.double()      # more precise
