"""Exercise 03: your first network, and counting its parameters.

A network is layers applied one after the other. `nn.Sequential` does exactly that: give it
the layers, and calling the model on an input calls each layer on the previous one's output.
How big a network is, is counted in parameters: every single number in its weights and
biases, the numbers that training will adjust.

Write two functions.

`make_model(hidden)`
- input: 8 features per sample, output: 1 number per sample;
- two linear layers, with biases: 8 -> `hidden` -> 1, where `hidden` is the argument;
  no activation between them, nothing after the last one (activations come in exercise 10);
- returns the model: an `nn.Sequential` (your own `nn.Module` subclass works too), so that
  `model(x)` for `x` of shape (N, 8) has shape (N, 1).

`count_parameters(model, trainable_only=False)`
- works for ANY model, not only yours: the number of parameters (single numbers) in all of
  the model's parameter tensors, every weight and every bias. Count what the model has: a
  layer made with `bias=False` has no bias, and layers without parameters (ReLU) hold none;
- with `trainable_only=True`, only the parameters training would update, those with
  `requires_grad=True`: frozen ones (`requires_grad=False`) are left out. With the default
  `trainable_only=False`, frozen parameters count too;
- returns a Python `int`.

Example:
    model = make_model(4)
    model(torch.randn(1, 8))                # a tensor of shape (1, 1)
    count_parameters(model)                 # 41 = (8 * 4 + 4) + (4 * 1 + 1)

    net = nn.Sequential(nn.Linear(16, 4), nn.Linear(4, 2), nn.Linear(2, 1))
    count_parameters(net)                   # 81 = (16 * 4 + 4) + (4 * 2 + 2) + (2 * 1 + 1)
    count_parameters(nn.Sequential(nn.Linear(9, 4), nn.Linear(4, 2), nn.Linear(2, 1)))  # 53
    net[0].requires_grad_(False)            # freeze the first layer: 68 parameters
    count_parameters(net)                   # still 81
    count_parameters(net, trainable_only=True)   # 13
"""
import torch
from torch import nn


def make_model(hidden: int) -> nn.Module:
    """Return the network 8 -> `hidden` -> 1: two linear layers, nothing between them."""
    # TODO(ex03): build the two linear layers with nn.Sequential, and return the model.
    raise NotImplementedError("TODO(ex03): build and return the 8 -> hidden -> 1 model")


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """The number of parameters of `model` (only the trainable ones with `trainable_only`)."""
    # TODO(ex03): add up the number of values of each parameter tensor (see `Tensor.numel`).
    raise NotImplementedError("TODO(ex03): count the parameters")


if __name__ == "__main__":
    model = make_model(4)
    print(model)
    print(model(torch.randn(1, 8)).shape)                          # torch.Size([1, 1])
    print(count_parameters(model))                                 # 41
    net = nn.Sequential(nn.Linear(16, 4), nn.Linear(4, 2), nn.Linear(2, 1))
    print(count_parameters(net))                                   # 81
    net[0].requires_grad_(False)
    print(count_parameters(net), count_parameters(net, trainable_only=True))   # 81 13
