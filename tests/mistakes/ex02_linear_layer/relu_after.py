# expect: batch_matches: it applies a ReLU after the layer
import torch


def linear_forward(x, W, b):
    return torch.relu(x @ W.T + b)
