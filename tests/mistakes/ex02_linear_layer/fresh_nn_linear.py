# expect: batch_matches: the largest difference from the expected values
from torch import nn


def linear_forward(x, W, b):
    layer = nn.Linear(W.shape[1], W.shape[0])     # same shape as W, but its own weights
    return layer(x)
