"""`torch.as_tensor` shares, `np.array` + `torch.tensor` copies, `unsqueeze`, `torch.mul`."""
import numpy as np
import torch


def readings_to_tensor(readings):
    return torch.tensor(readings, dtype=torch.int64)


def shared_from_array(arr):
    return torch.as_tensor(arr)


def copied_from_array(arr):
    return torch.tensor(np.array(arr))


def adjust_readings(temps, offsets):
    return torch.add(temps, offsets.unsqueeze(1))


def multiply_elementwise(a, b):
    return torch.mul(a, b)


def float_copy(t):
    return t.detach().clone().to(torch.float32)
