# expect: classifier_matches_with_same_weights: it applies the sigmoid twice
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 1)
        self.act = nn.Sigmoid()

    def forward(self, x):
        return torch.sigmoid(self.act(self.fc(x)))


def make_binary_classifier():
    return Classifier()


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
