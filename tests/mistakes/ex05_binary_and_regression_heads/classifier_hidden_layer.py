# expect: classifier_layers: layer 1 is 8 -> 4 where the spec has 8 -> 1
import torch
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 4), nn.Linear(4, 1), nn.Sigmoid())


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
