# expect: classifier_outputs_probabilities: should be a tensor, but it is a `tuple`
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 1)

    def forward(self, x):
        logits = self.fc(x)
        return torch.sigmoid(logits), logits


def make_binary_classifier():
    return Classifier()


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
