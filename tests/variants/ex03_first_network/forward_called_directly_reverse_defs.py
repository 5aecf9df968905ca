# variant: layers defined last to first, each called as layer.forward(x) (no forward hook fires)
import torch
from torch import nn


class TwoLayer(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.fc2 = nn.Linear(hidden, 1)
        self.fc1 = nn.Linear(8, hidden)

    def forward(self, x):
        return self.fc2.forward(self.fc1.forward(x))


def make_model(hidden):
    return TwoLayer(hidden)


def count_parameters(model, trainable_only=False):
    seen = {}
    for mod_name, mod in model.named_modules():
        for p_name, p in mod.named_parameters(recurse=False):
            seen[f"{mod_name}.{p_name}"] = p
    return sum(p.nelement() for p in seen.values() if p.requires_grad or not trainable_only)
