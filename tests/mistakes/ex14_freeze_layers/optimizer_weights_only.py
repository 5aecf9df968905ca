# expect: finetune_optimizer_trains_the_rest: not the biases
import torch
from torch import nn


def freeze_first_layers(model, n):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        for param in layer.parameters():        # weight and bias
            param.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for name, p in model.named_parameters()
                            if "weight" in name and p.requires_grad], lr=lr)
