# expect: regressor_layers: layer 1 is 10 -> 20 where the spec has 11 -> 20
import torch
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())


def make_regressor():
    return nn.Sequential(nn.Linear(10, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
