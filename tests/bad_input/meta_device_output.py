import torch
from torch import nn


class Nowhere(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                 nn.Linear(6, 4), nn.Softmax(dim=-1))

    def forward(self, x):
        return self.net(x).to("meta")


def make_model():
    return Nowhere()
