# expect: offsets_added_per_row: not `offsets[i]` to row i
import numpy as np
import torch


def readings_to_tensor(readings):
    return torch.tensor(readings)


def shared_from_array(arr):
    return torch.from_numpy(arr)


def copied_from_array(arr):
    return torch.tensor(arr)


def adjust_readings(temps, offsets):
    n, d = temps.shape
    return temps + offsets.repeat(d).reshape(n, d)


def multiply_elementwise(a, b):
    return a * b


def float_copy(t):
    return t.clone().float()
