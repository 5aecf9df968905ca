# expect: output_shape: should return an `nn.Module`
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                                  nn.Linear(6, 4), nn.Softmax(dim=-1))

    def forward(self, x):
        return self.body(x)


def make_model():
    return Net
