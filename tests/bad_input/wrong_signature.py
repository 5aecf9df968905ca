from torch import nn


def make_model(n_classes):
    return nn.Sequential(nn.Linear(11, n_classes), nn.Softmax(dim=-1))
