# expect: output_shape: call `super().__init__()` first
from torch import nn


class Net(nn.Module):
    def __init__(self):
        self.layers = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                    nn.Linear(6, 4), nn.Softmax(dim=-1))

    def forward(self, x):
        return self.layers(x)


def make_model():
    return Net()
