# expect: from_numpy_shares_memory: has dtype float64, expected int64
import numpy as np
import torch


def readings_to_tensor(readings):
    return torch.tensor(readings)


def shared_from_array(arr):
    return torch.as_tensor(arr, dtype=torch.float64)


def copied_from_array(arr):
    return torch.tensor(arr)


def adjust_readings(temps, offsets):
    return temps + offsets[:, None]


def multiply_elementwise(a, b):
    return a * b


def float_copy(t):
    return t.clone().float()
