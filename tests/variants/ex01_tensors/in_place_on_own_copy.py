"""In-place ops only on tensors the function made itself: `clone()` then `+=`, `mul_`."""
import copy

import torch


def readings_to_tensor(readings):
    return torch.tensor(readings, dtype=torch.long)


def shared_from_array(arr):
    return torch.from_numpy(arr).view(arr.shape)


def copied_from_array(arr):
    return copy.deepcopy(torch.from_numpy(arr))


def adjust_readings(temps, offsets):
    out = temps.clone()
    out += offsets.unsqueeze(-1)
    return out


def multiply_elementwise(a, b):
    return a.clone().mul_(b)


def float_copy(t):
    return torch.tensor(t.tolist(), dtype=torch.float32, device=t.device)
