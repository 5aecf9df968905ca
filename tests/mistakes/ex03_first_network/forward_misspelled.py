# expect: forward_matches_with_same_weights: missing the required "forward" function
import numpy as np
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.fc1 = nn.Linear(8, hidden)
        self.fc2 = nn.Linear(hidden, 1)

    def foward(self, x):
        return self.fc2(self.fc1(x))


def make_model(hidden):
    return Net(hidden)


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
