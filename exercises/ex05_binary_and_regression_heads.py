"""Exercise 05: a binary classifier and a regressor: what goes at the end.

What a network's last layer is followed by depends on what it predicts:

- a binary classifier (spam or not, sick or healthy) gives one number per sample, the
  probability of the positive class: one output, then a sigmoid, which maps any score into
  (0, 1);
- a regressor (a price, a temperature) gives one number per sample that can be any real
  number, negative or large: one output and NOTHING after it. A sigmoid there would squash
  every prediction into (0, 1), and a ReLU would clip every negative one to 0.

A softmax does not fit either: over a single output it is always exactly 1.0.

Write two functions, each returning a new model (an `nn.Sequential`, or your own
`nn.Module` subclass). Both take a batch `(N, features)` and return `(N, 1)`.

`make_binary_classifier()`
- input: 8 features per sample;
- one linear layer 8 -> 1 (with a bias), then a sigmoid.

`make_regressor()`
- input: 11 features per sample;
- four linear layers, in this order: 11 -> 20 -> 12 -> 6 -> 1 (with biases);
  no activation between them (activations come in exercise 10), and nothing after the last.

Example:
    classifier = make_binary_classifier()
    classifier(torch.randn(1, 8))            # e.g. tensor([[0.4013]]): a probability
    regressor = make_regressor()
    regressor(torch.randn(5, 11)).shape      # torch.Size([5, 1]): any real numbers
"""
import torch
from torch import nn


def make_binary_classifier() -> nn.Module:
    """Return the 8 -> 1 linear layer followed by a sigmoid."""
    # TODO(ex05): one linear layer and a sigmoid.
    raise NotImplementedError("TODO(ex05): build and return the binary classifier")


def make_regressor() -> nn.Module:
    """Return the 11 -> 20 -> 12 -> 6 -> 1 network, with nothing after its last layer."""
    # TODO(ex05): four linear layers, and no activation at the end.
    raise NotImplementedError("TODO(ex05): build and return the regressor")


if __name__ == "__main__":
    classifier = make_binary_classifier()
    print(classifier(torch.randn(1, 8)))                  # one probability, in (0, 1)
    regressor = make_regressor()
    print(regressor(torch.randn(5, 11)).flatten())        # five real numbers
