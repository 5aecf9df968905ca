from torch import nn


def make_model():
return nn.Sequential(nn.Linear(11, 4), nn.Softmax(dim=-1))
