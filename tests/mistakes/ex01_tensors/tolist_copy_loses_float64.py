# expect: copy_does_not_share_memory: for a float64 array `arr` has dtype float32, expected float64
import numpy as np
import torch


def readings_to_tensor(readings):
    return torch.tensor(readings)


def shared_from_array(arr):
    return torch.from_numpy(arr)


def copied_from_array(arr):
    return torch.tensor(arr.tolist())        # a plain list copy


def adjust_readings(temps, offsets):
    return temps + offsets[:, None]


def multiply_elementwise(a, b):
    return a * b


def float_copy(t):
    return t.clone().float()
