"""A hand-written, numerically stable softmax instead of nn.Softmax."""
import torch
from torch import nn


class StableSoftmax(nn.Module):
    def forward(self, z):
        z = z - z.max(dim=-1, keepdim=True).values
        e = torch.exp(z)
        return e / e.sum(dim=-1, keepdim=True)


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                         nn.Linear(6, 4), StableSoftmax())
