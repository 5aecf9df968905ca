# expect: float_copy_is_separate: for a float32 tensor shares memory with `t`
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
    return a * b


def float_copy(t):
    return torch.as_tensor(t, dtype=torch.float32)
