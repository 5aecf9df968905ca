"""A learner who thinks in loops and transposes: stack rows, broadcast over the transpose."""
import torch


def readings_to_tensor(readings):
    rows = [torch.tensor(row) for row in readings]
    return torch.stack(rows)


def shared_from_array(arr):
    return torch.asarray(arr)


def copied_from_array(arr):
    return torch.asarray(arr, copy=True)


def adjust_readings(temps, offsets):
    return (temps.T + offsets).T          # columns of temps.T are the rows of temps


def multiply_elementwise(a, b):
    return torch.stack([row_a * row_b for row_a, row_b in zip(a, b)])


def float_copy(t):
    out = torch.empty(t.shape, dtype=torch.float32, device=t.device)
    out.copy_(t)
    return out


if __name__ == "__main__":
    print(readings_to_tensor([[72, 75, 78], [70, 73, 76]]))
