# expect: from_numpy_shares_memory: returned a copy
import torch


def readings_to_tensor(readings):
    return torch.tensor(readings)


def shared_from_array(arr):
    return torch.tensor(arr)


def copied_from_array(arr):
    return torch.tensor(arr)


def adjust_readings(temps, offsets):
    return temps + offsets.unsqueeze(1)


def multiply_elementwise(a, b):
    return a * b


def float_copy(t):
    return t.clone().float()
