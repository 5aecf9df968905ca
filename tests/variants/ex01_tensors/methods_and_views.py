"""Tensor methods: `view(-1, 1)`, `.mul`, `.float().clone()`, `torch.from_numpy(arr.copy())`."""
import torch


def readings_to_tensor(readings):
    return torch.LongTensor(readings)


def shared_from_array(arr):
    t = torch.from_numpy(arr)
    return t


def copied_from_array(arr):
    return torch.from_numpy(arr.copy())


def adjust_readings(temps, offsets):
    return temps + offsets.view(-1, 1)


def multiply_elementwise(a, b):
    return a.mul(b)


def float_copy(t):
    return t.float().clone()
