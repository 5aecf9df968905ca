# variant: itertools.islice over a generator of Linear modules; SGD(params=..., lr=...)
from itertools import islice

import torch
import torch.nn as nn


def freeze_first_layers(model, n):
    linears = (m for m in model.modules() if isinstance(m, nn.Linear))
    for layer in islice(linears, n):
        for param in layer.parameters():
            param.requires_grad_(False)


def make_finetune_optimizer(model, lr):
    params = [p for _, p in model.named_parameters() if p.requires_grad]
    return torch.optim.SGD(params=params, lr=lr)
