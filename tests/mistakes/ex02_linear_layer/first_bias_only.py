# expect: batch_matches: every output gets the
import torch


def linear_forward(x, W, b):
    return x @ W.T + b[0]
