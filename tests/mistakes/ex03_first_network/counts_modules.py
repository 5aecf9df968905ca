# expect: counts_every_parameter: it counts layers or parameter tensors, not parameters
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    return len(model)          # the number of layers in the Sequential
