import torch
from torch import nn


class Broken(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                 nn.Linear(6, 4))

    def forward(self, x):
        z = self.net(x)
        return torch.exp(z * 1e6) / torch.exp(z * 1e6).sum(dim=-1, keepdim=True)


def make_model():
    return Broken()
