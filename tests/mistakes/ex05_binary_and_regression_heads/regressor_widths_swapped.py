# expect: regressor_layers: layer 2 is 20 -> 6 where the spec has 20 -> 12
import torch
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 6), nn.Linear(6, 12), nn.Linear(12, 1))
