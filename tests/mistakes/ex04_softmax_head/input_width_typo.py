# expect: layer_widths_match_spec: (11 -> 20), (21 -> 12), (12 -> 6), (6 -> 4)
# expect: layer_widths_match_spec: layer 2 is 21 -> 12
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(11, 20)
        self.fc2 = nn.Linear(21, 12)      # typo: the layer before gives 20
        self.fc3 = nn.Linear(12, 6)
        self.fc4 = nn.Linear(6, 4)
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, x):
        return self.softmax(self.fc4(self.fc3(self.fc2(self.fc1(x)))))


def make_model():
    return Net()
