"""numpy for the sum, turned into an int at the end; layers from a list."""
import numpy as np
import torch
from torch import nn


def make_model(hidden):
    layers = [nn.Linear(8, hidden), nn.Linear(hidden, 1)]
    return nn.Sequential(*layers)


def count_parameters(model, trainable_only=False):
    counts = [np.prod(p.size()) for p in model.parameters()
              if not trainable_only or p.requires_grad]
    return int(np.sum(counts, dtype=np.int64))


if __name__ == "__main__":
    print(count_parameters(make_model(4)), make_model(4)(torch.randn(1, 8)))
