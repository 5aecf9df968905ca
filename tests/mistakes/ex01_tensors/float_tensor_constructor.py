# expect: list_becomes_int64_tensor: has dtype float32, expected int64
# expect: list_becomes_int64_tensor: `torch.Tensor(...)`
import torch


def readings_to_tensor(readings):
    return torch.Tensor(readings)


def shared_from_array(arr):
    return torch.from_numpy(arr)


def copied_from_array(arr):
    return torch.tensor(arr)


def adjust_readings(temps, offsets):
    return temps + offsets.unsqueeze(1)


def multiply_elementwise(a, b):
    return a * b


def float_copy(t):
    return t.clone().float()
