"""`expand` the offsets to the readings' shape, `einsum` for the product, `new_tensor`."""
import torch


def readings_to_tensor(readings):
    t = torch.tensor(readings)
    assert t.dtype == torch.int64
    return t


def shared_from_array(arr):
    return torch.from_numpy(arr)


def copied_from_array(arr):
    return torch.from_numpy(arr).clone()


def adjust_readings(temps, offsets):
    n, d = temps.shape
    return temps + offsets.reshape(n, 1).expand(n, d)


def multiply_elementwise(a, b):
    return torch.einsum("ij,ij->ij", a, b)


def float_copy(t):
    return t.to(dtype=torch.float32, copy=True)
