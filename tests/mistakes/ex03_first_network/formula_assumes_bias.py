# expect: counts_every_parameter: it counts a bias for every linear layer
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    total = 0
    for layer in model.modules():
        if isinstance(layer, nn.Linear):
            if trainable_only and not layer.weight.requires_grad:
                continue
            total += layer.in_features * layer.out_features + layer.out_features
    return total
