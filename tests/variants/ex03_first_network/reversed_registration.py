"""A Module subclass that registers the output layer first and calls it last."""
import torch
from torch import nn


class TwoLayers(nn.Module):
    def __init__(self, hidden: int):
        super().__init__()
        self.output = nn.Linear(hidden, 1)
        self.hidden = nn.Linear(8, hidden)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.hidden(x)
        return self.output(h)


def make_model(hidden: int) -> nn.Module:
    return TwoLayers(hidden)


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    return sum(map(torch.numel, (p for p in model.parameters()
                                 if not trainable_only or p.requires_grad)))
