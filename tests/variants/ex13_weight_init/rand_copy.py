# variant: torch.rand scaled to [-b, b] and copied in under no_grad, bias.fill_(0.)
import torch
from torch import nn


def init_weights(model: nn.Module) -> None:
    with torch.no_grad():
        for layer in model.modules():
            if type(layer) == nn.Linear:
                out_f, in_f = layer.weight.shape
                b = (6 / in_f) ** 0.5
                layer.weight.copy_(torch.rand(out_f, in_f) * 2 * b - b)
                if layer.bias is not None:
                    layer.bias.fill_(0.)
