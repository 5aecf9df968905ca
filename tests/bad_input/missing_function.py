from torch import nn


def build_model():
    return nn.Sequential(nn.Linear(11, 4), nn.Softmax(dim=-1))
