"""One output unit at a time: a dot product with row j of `W`, plus `b[j]`, stacked."""
import torch


def linear_forward(x, W, b):
    outputs = []
    for j in range(W.shape[0]):
        outputs.append((x * W[j]).sum(dim=-1) + b[j])
    return torch.stack(outputs, dim=-1)
