# expect: matches_reference_with_same_weights: it applies a softmax twice
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                    nn.Linear(6, 4), nn.Softmax(dim=-1))

    def forward(self, x):
        return torch.softmax(self.layers(x), dim=-1)     # a second softmax, not asked for


def make_model():
    return Net()
