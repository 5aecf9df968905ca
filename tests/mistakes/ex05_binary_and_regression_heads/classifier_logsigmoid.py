# expect: classifier_matches_with_same_weights: it ends with a log-sigmoid
import torch
from torch import nn


def make_binary_classifier():
    return nn.Sequential(nn.Linear(8, 1), nn.LogSigmoid())


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
