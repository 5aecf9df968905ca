"""`torch.inner`: the dot product of each sample with each row of `W`."""
import torch


def linear_forward(x: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.inner(x, W) + b         # (..., in) . (out, in) -> (..., out)
