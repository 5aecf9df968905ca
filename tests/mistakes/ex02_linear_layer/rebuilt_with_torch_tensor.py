# expect: equals_nn_linear: cut off from autograd
import torch


def linear_forward(x, W, b):
    return torch.tensor((x @ W.T + b).tolist())
