# expect: layer_widths_match_spec: the model has 5 linear layers, the spec only 4
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                         nn.Linear(6, 4), nn.Linear(4, 4), nn.Softmax(dim=-1))
