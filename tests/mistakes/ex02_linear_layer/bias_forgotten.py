# expect: batch_matches: the bias `b` is missing
import torch


def linear_forward(x, W, b):
    return torch.matmul(x, W.T)
