# expect: batch_matches: vector + matrix @ vector expected
import torch


def linear_forward(x, W, b):
    return torch.mv(W, x) + b               # matrix times vector
