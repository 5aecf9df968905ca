# expect: product_is_elementwise: has shape (3,), expected (3, 3)
import numpy as np
import torch


def readings_to_tensor(readings):
    return torch.tensor(readings)


def shared_from_array(arr):
    return torch.from_numpy(arr)


def copied_from_array(arr):
    return torch.tensor(arr)


def adjust_readings(temps, offsets):
    return temps + offsets[:, None]


def multiply_elementwise(a, b):
    return (a * b).sum(dim=1)


def float_copy(t):
    return t.clone().float()
