"""Named layers in an OrderedDict; `filter` picks the parameters to count."""
from collections import OrderedDict

from torch import nn


def make_model(hidden: int) -> nn.Sequential:
    return nn.Sequential(OrderedDict([("hidden", nn.Linear(8, hidden)),
                                      ("out", nn.Linear(hidden, 1))]))


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    params = model.parameters()
    if trainable_only:
        params = filter(lambda p: p.requires_grad, params)
    return sum(p.nelement() for p in params)
