"""Named tolerances, each with the reason for its size. Checks refer to these, never to numbers.

Measured on this project's machines, float32:
- one forward pass, CPU vs CUDA: differences ~1e-7;
- ten epochs of training, CPU vs CUDA: up to 4e-6 absolute / 7e-5 relative on parameters;
- equivalent formulations (nn.Softmax vs exp/sum, mean of .item() in float64 vs float32)
  differ by a few ulps per operation.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerance:
    name: str
    rtol: float
    atol: float
    why: str

    def __str__(self) -> str:
        return f"{self.name} (rtol={self.rtol:g}, atol={self.atol:g})"


FORWARD = Tolerance(
    "forward", rtol=1.3e-6, atol=1e-5,
    why="torch.testing's float32 defaults; a forward pass on CPU vs CUDA differs by ~1e-7")

PROBABILITY = Tolerance(
    "probability", rtol=0.0, atol=1e-5,
    why="a float32 softmax row sums to 1 within a few ulps times the number of classes")

TRAINING = Tolerance(
    "training", rtol=1e-4, atol=1e-5,
    why="ten epochs on CPU vs CUDA differed by up to 7e-5 relative / 4e-6 absolute")

GRADIENT = Tolerance(
    "gradient", rtol=1e-4, atol=1e-6,
    why="one backward pass; summation order differs between devices and formulations")

# A parameter "moved" after an optimizer step if some entry changed by more than this.
MOVED = Tolerance("moved", rtol=0.0, atol=1e-7,
                  why="smaller than any step these exercises take, larger than float32 noise")

# Statistical checks (initialisation): a false alarm must be rarer than one in a billion runs.
STAT_SIGMAS = 8.0
