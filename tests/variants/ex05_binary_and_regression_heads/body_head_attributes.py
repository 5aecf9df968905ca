"""Regressor as `body` (a Sequential) + `head` attributes; the classifier with `nn.Sigmoid` module."""
from torch import nn


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(6, 1)            # registered first, used last
        self.body = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6))

    def forward(self, x):
        features = self.body(x)
        return self.head(features)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(in_features=8, out_features=1, bias=True)
        self.activation = nn.Sigmoid()

    def forward(self, x):
        return self.activation(self.linear(x))


def make_binary_classifier():
    return Classifier()


def make_regressor():
    return Regressor()
