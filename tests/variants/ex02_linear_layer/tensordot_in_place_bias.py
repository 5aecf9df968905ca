"""`torch.tensordot` over the input dimension, the bias added in place to the new result."""
import torch


def linear_forward(x, W, b):
    assert x.shape[-1] == W.shape[1], "x and W do not fit"
    out = torch.tensordot(x, W, dims=([-1], [1]))
    out += b               # `out` is a new tensor made here: adding in place is safe
    return out


if __name__ == "__main__":
    from torch import nn
    layer = nn.Linear(3, 2)
    x = torch.randn(4, 3)
    print(torch.allclose(linear_forward(x, layer.weight, layer.bias), layer(x)))
