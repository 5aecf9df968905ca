# expect: offsets_added_per_row: it adds 2 to every reading
import torch


def readings_to_tensor(readings):
    return torch.tensor(readings)


def shared_from_array(arr):
    return torch.from_numpy(arr)


def copied_from_array(arr):
    return torch.tensor(arr)


def adjust_readings(temps, offsets):
    adjustment = torch.full_like(temps, 2)
    return temps + adjustment


def multiply_elementwise(a, b):
    return a * b


def float_copy(t):
    return t.clone().float()
