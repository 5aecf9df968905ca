# expect: layer_widths_match_spec: no biases
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20, bias=False), nn.Linear(20, 12, bias=False),
                         nn.Linear(12, 6, bias=False), nn.Linear(6, 4, bias=False),
                         nn.Softmax(dim=-1))
