"""Offsets spread to the full shape with `repeat_interleave`; product of flattened tensors."""
import numpy as np
import torch


def readings_to_tensor(readings):
    return torch.tensor([[int(v) for v in row] for row in readings])


def shared_from_array(arr):
    return torch.as_tensor(np.asarray(arr))


def copied_from_array(arr):
    out = torch.empty(arr.shape, dtype=torch.from_numpy(arr).dtype)
    out.copy_(torch.from_numpy(arr))
    return out


def adjust_readings(temps, offsets):
    n, d = temps.shape
    return temps + offsets.repeat_interleave(d).reshape(n, d)


def multiply_elementwise(a, b):
    return a.flatten().mul(b.flatten()).reshape(a.shape)


def float_copy(t):
    return t.new_empty(t.shape, dtype=torch.float32).copy_(t)
