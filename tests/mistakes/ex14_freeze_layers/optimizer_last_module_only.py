# expect: finetune_optimizer_trains_the_rest: it holds only some of them
import torch
from torch import nn


def freeze_first_layers(model, n):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        for param in layer.parameters():        # weight and bias
            param.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD(model[-1].parameters(), lr=lr)
