"""A body and a head, as nested Sequentials; the classifier's output layer added by `append`."""
from torch import nn


def make_binary_classifier():
    model = nn.Sequential()
    model.append(nn.Linear(8, 1))
    model.append(nn.Sigmoid())
    return model


def make_regressor():
    body = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6))
    head = nn.Linear(6, 1)
    return nn.Sequential(body, head)
