# expect: any_leading_shape: assumes a 2-D input
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                    nn.Linear(6, 4), nn.Softmax(dim=-1))

    def forward(self, x):
        return self.layers(x.reshape(-1, 11))     # (B, 11), whatever x was


def make_model():
    return Net()
