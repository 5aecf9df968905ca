# variant: assigns a new tensor to .data (the Parameter object is kept)
import torch
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            w = torch.empty_like(m.weight)
            nn.init.kaiming_uniform_(w, nonlinearity="relu")
            m.weight.data = w
            m.bias.data = torch.zeros_like(m.bias)
