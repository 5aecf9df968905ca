# expect: classifier_matches_with_same_weights: it returns hard 0/1 labels
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 1)

    def forward(self, x):
        prob = torch.sigmoid(self.fc(x))
        return (prob > 0.5).float()          # spam or not: 1 or 0


def make_binary_classifier():
    return Classifier()


def make_regressor():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6), nn.Linear(6, 1))
