"""Offsets as an outer product with ones; `torch.prod` over a stack; `clone().type(...)`."""
import torch


def readings_to_tensor(readings):
    return torch.tensor(readings).to(torch.int64)


def shared_from_array(arr):
    return torch.from_numpy(arr).contiguous()


def copied_from_array(arr):
    return torch.tensor(arr.copy())


def adjust_readings(temps, offsets):
    ones = torch.ones(temps.shape[1], dtype=offsets.dtype, device=offsets.device)
    return temps + torch.outer(offsets, ones)


def multiply_elementwise(a, b):
    return torch.prod(torch.stack([a, b]), dim=0)


def float_copy(t):
    return t.clone().type(torch.float32)
