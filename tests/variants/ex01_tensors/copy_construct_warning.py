"""`torch.tensor(t, dtype=...)` copy-constructs (with PyTorch's UserWarning); `dtype=int`."""
import warnings

import torch


def readings_to_tensor(readings):
    return torch.tensor(readings, dtype=int)


def shared_from_array(arr):
    return torch.from_numpy(arr).T.T


def copied_from_array(arr):
    return torch.tensor(torch.from_numpy(arr))


def adjust_readings(temps, offsets):
    warnings.warn("adjusting readings")
    return temps + offsets.reshape(-1, 1).to(temps.dtype)


def multiply_elementwise(a, b):
    return (a * b).contiguous()


def float_copy(t):
    return torch.tensor(t, dtype=torch.float32)
