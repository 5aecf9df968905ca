"""Named layers; the sigmoid from torch.nn.functional in a forward of its own."""
from collections import OrderedDict

import torch.nn.functional as F
from torch import nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(OrderedDict(score=nn.Linear(8, 1)))

    def forward(self, x):
        return F.sigmoid(self.layers(x))


def make_binary_classifier():
    return Classifier()


def make_regressor():
    return nn.Sequential(OrderedDict([
        ("input", nn.Linear(11, 20)),
        ("hidden1", nn.Linear(20, 12)),
        ("hidden2", nn.Linear(12, 6)),
        ("output", nn.Linear(6, 1)),
    ]))
