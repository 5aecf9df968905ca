# variant: layers defined last to first, each called as layer.forward(x) (no forward hook fires)
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(6, 4)
        self.hidden3 = nn.Linear(12, 6)
        self.hidden2 = nn.Linear(20, 12)
        self.hidden1 = nn.Linear(11, 20)
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, x):
        x = self.hidden1.forward(x)
        x = self.hidden2.forward(x)
        x = self.hidden3.forward(x)
        return self.softmax.forward(self.out.forward(x))


def make_model() -> nn.Module:
    return Net()
