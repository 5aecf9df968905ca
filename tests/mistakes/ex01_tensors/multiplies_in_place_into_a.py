# expect: product_is_elementwise: changed `a` in place
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
    a *= b
    return a


def float_copy(t):
    return t.clone().float()
