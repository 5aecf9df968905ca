# expect: batch_matches: it applies a sigmoid after the layer
import torch


def linear_forward(x, W, b):
    return torch.sigmoid(x @ W.T + b)       # a neuron fires through its activation
