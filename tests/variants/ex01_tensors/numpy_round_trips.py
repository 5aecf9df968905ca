"""NumPy round trips: `np.array` for the list, `np.copy` for the copy, a slice view that shares."""
import numpy as np
import torch


def readings_to_tensor(readings):
    return torch.from_numpy(np.array(readings, dtype=np.int64))


def shared_from_array(arr):
    return torch.from_numpy(arr)[:]          # a slice is a view: same memory


def copied_from_array(arr):
    return torch.from_numpy(np.copy(arr))


def adjust_readings(temps, offsets):
    return torch.add(temps, offsets[:, np.newaxis])


def multiply_elementwise(a, b):
    return torch.multiply(a, b)


def float_copy(t):
    # astype always makes a new array
    return torch.from_numpy(t.detach().cpu().numpy().astype(np.float32)).to(t.device)
