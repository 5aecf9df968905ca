# expect: batch_matches: has shape (6,), expected (6, 6)
import torch


def linear_forward(x, W, b):
    return (x * W).sum(dim=-1) + b       # dot product of x with the weights
