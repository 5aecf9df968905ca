# expect: output_shape: tuple
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                  nn.Linear(6, 4))

    def forward(self, x):
        logits = self.body(x)
        return logits, torch.softmax(logits, dim=-1)


def make_model():
    return Net()
