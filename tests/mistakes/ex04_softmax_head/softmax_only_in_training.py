# expect: matches_reference_with_same_weights: not in evaluation mode
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(11, 20)
        self.fc2 = nn.Linear(20, 12)
        self.fc3 = nn.Linear(12, 6)
        self.fc4 = nn.Linear(6, 4)
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, x):
        x = self.fc1(x)
        x = self.fc2(x)
        x = self.fc4(self.fc3(x))
        return self.softmax(x) if self.training else x    # "softmax only while training"


def make_model():
    return Net()
