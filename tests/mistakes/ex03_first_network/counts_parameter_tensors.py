# expect: counts_every_parameter: it counts layers or parameter tensors, not parameters
# expect: counts_trainable_only: it counts layers or parameter tensors, not parameters
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    params = [p for p in model.parameters() if p.requires_grad or not trainable_only]
    return len(params)
