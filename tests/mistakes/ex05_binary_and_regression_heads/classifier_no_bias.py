# expect: classifier_layers: they have no biases
import torch
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1, bias=False), nn.Sigmoid())


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
