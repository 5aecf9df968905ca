"""Type hints, debug prints, explicit loops over rows and elements, `t * 1.0`, a main guard."""
from typing import List

import numpy as np
import torch


def readings_to_tensor(readings: List[List[int]]) -> torch.Tensor:
    t = torch.as_tensor(readings)
    print("readings:", t.shape, t.dtype)
    return t


def shared_from_array(arr: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(arr).reshape(arr.shape)      # reshape to the same shape is a view


def copied_from_array(arr: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(arr).clone()


def adjust_readings(temps: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
    rows = []
    for i in range(temps.shape[0]):
        rows.append(temps[i] + offsets[i])
    return torch.stack(rows)


def multiply_elementwise(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    out = torch.empty_like(a)
    n, d = a.shape
    for i in range(n):
        for j in range(d):
            out[i, j] = a[i, j] * b[i, j]
    return out


def float_copy(t: torch.Tensor) -> torch.Tensor:
    return t * 1.0          # a new tensor; int64 * float gives float32


if __name__ == "__main__":
    temps = readings_to_tensor([[72, 75, 78], [70, 73, 76]])
    print(adjust_readings(temps, torch.tensor([2, 2])))
