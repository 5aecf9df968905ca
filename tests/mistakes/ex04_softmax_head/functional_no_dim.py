# expect: any_leading_shape: without `dim`
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(11, 20), nn.Linear(20, 12)
        self.fc3, self.fc4 = nn.Linear(12, 6), nn.Linear(6, 4)

    def forward(self, x):
        return F.softmax(self.fc4(self.fc3(self.fc2(self.fc1(x)))))


def make_model():
    return Net()
