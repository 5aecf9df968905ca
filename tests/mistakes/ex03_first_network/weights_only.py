# expect: counts_every_parameter: it leaves out the biases
# expect: counts_trainable_only: it leaves out the biases
from torch import nn


def make_model(hidden):
    return nn.Sequential(nn.Linear(8, hidden), nn.Linear(hidden, 1))


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for name, p in model.named_parameters()
               if name.endswith("weight") and (p.requires_grad or not trainable_only))
