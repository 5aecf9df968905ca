# expect: single_sample: has shape (6, 1), expected (6,)
import torch


def linear_forward(x, W, b):
    x = x.flatten(start_dim=1) if x.dim() > 1 else x.flatten()
    return (x @ W.T + b).view(x.shape[0], -1)
