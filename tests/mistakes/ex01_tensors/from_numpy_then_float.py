# expect: from_numpy_shares_memory: has dtype float32, expected int64
# expect: from_numpy_shares_memory: keeps the array's dtype
import torch


def readings_to_tensor(readings):
    return torch.tensor(readings)


def shared_from_array(arr):
    return torch.from_numpy(arr).float()


def copied_from_array(arr):
    return torch.tensor(arr)


def adjust_readings(temps, offsets):
    return temps + offsets.unsqueeze(1)


def multiply_elementwise(a, b):
    return a * b


def float_copy(t):
    return t.clone().float()
