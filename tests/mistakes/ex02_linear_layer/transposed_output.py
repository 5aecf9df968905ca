# expect: batch_matches: the output is transposed
import torch


def linear_forward(x, W, b):
    # column vectors: each sample is a column of x.T, the bias a column too
    return W @ x.T + b.unsqueeze(1)
