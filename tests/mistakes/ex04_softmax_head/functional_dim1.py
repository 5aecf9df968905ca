# expect: single_sample: Dimension out of range
# expect: any_leading_shape: over dimension 1
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                     nn.Linear(6, 4)])

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return F.softmax(x, dim=1)


def make_model():
    return Net()
