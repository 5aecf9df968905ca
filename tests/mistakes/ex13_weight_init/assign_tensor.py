# expect: initialises_in_place: nn.Parameter
import torch
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            m.weight = nn.init.kaiming_uniform_(torch.empty(m.out_features, m.in_features),
                                                nonlinearity="relu")
            m.bias = torch.zeros(m.out_features)
