"""Reference for exercise 04: a 4-class classifier with a softmax head."""
import torch
from torch import nn


def make_model() -> nn.Module:
    return nn.Sequential(
        nn.Linear(11, 20),      # (..., 11) -> (..., 20)
        nn.Linear(20, 12),      # -> (..., 12)
        nn.Linear(12, 6),       # -> (..., 6)
        nn.Linear(6, 4),        # -> (..., 4) class scores
        nn.Softmax(dim=-1),     # -> (..., 4) probabilities over the classes
    )


if __name__ == "__main__":
    print(make_model()(torch.randn(3, 11)).sum(dim=-1))
