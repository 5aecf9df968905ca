# expect: single_sample: self must be a matrix
# expect: single_sample: `torch.mm` takes 2-D inputs only
import torch


def linear_forward(x, W, b):
    return torch.mm(x, W.t()) + b
