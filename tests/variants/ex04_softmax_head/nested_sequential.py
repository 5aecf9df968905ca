# variant: a body Sequential nested inside an outer Sequential, keyword arguments, softmax(-1)
from torch import nn


def make_model():
    body = nn.Sequential(
        nn.Linear(in_features=11, out_features=20, bias=True),
        nn.Linear(in_features=20, out_features=12, bias=True),
        nn.Linear(in_features=12, out_features=6, bias=True),
    )
    head = nn.Sequential(nn.Linear(6, 4), nn.Softmax(-1))
    return nn.Sequential(body, head)
