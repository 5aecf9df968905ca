"""Exercise 04: a 4-class classifier with a softmax head.

A network that sorts a sample into one of 4 classes should say how sure it is about each
class: a row of 4 probabilities, each between 0 and 1, adding up to 1. A softmax over the
class dimension turns the last layer's 4 raw scores into exactly that.

Build it with what you know so far (linear layers and `nn.Sequential`, or your own
`nn.Module` subclass if you prefer). The spec:

- input: 11 features per sample;
- four linear layers, in this order: 11 -> 20 -> 12 -> 6 -> 4 (with biases);
  no activation between them (activations come in exercise 10);
- then a softmax over the class dimension, which is the LAST dimension: the model must
  work on a batch `(N, 11) -> (N, 4)`, on a single sample `(11,) -> (4,)`, and on any
  leading shape, e.g. `(2, 5, 11) -> (2, 5, 4)`;
- `make_model()` takes no arguments and returns the model (an `nn.Module`).

Example:
    model = make_model()
    probs = model(torch.randn(32, 11))      # (32, 4), every row sums to 1
"""
import torch
from torch import nn


def make_model() -> nn.Module:
    """Return the 11 -> 20 -> 12 -> 6 -> 4 network with a softmax over the classes."""
    # TODO(ex04): build the four linear layers and the softmax head, and return the model.
    ### BEGIN SOLUTION: build and return the model
    return nn.Sequential(
        nn.Linear(11, 20),      # (..., 11) -> (..., 20)
        nn.Linear(20, 12),      # -> (..., 12)
        nn.Linear(12, 6),       # -> (..., 6)
        nn.Linear(6, 4),        # -> (..., 4) class scores
        nn.Softmax(dim=-1),     # -> (..., 4) probabilities over the classes
    )
    ### END SOLUTION


if __name__ == "__main__":
    model = make_model()
    print(model)
    print(model(torch.randn(3, 11)).sum(dim=-1))   # three ones
