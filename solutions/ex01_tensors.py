"""Exercise 01: tensors from lists and NumPy arrays.

A tensor is PyTorch's array: a block of numbers with a shape (`t.shape`) and one element type
(`t.dtype`). Here the numbers are thermometer readings in degrees Fahrenheit: one row per
thermometer, one column per reading, e.g. `[[72, 75, 78], [70, 73, 76]]` (2 thermometers,
3 readings each).

Write these six functions. Each must work for any number of rows and columns, not only
for the example's.

`readings_to_tensor(readings)`
- `readings` is a nested Python list of whole numbers (a list of equally long rows);
- return a tensor with the same values and shape whose dtype is `torch.int64`, the dtype
  `torch.tensor` gives whole numbers (don't turn them into floats).

`shared_from_array(arr)`
- return a tensor that SHARES MEMORY with the NumPy array `arr` (no copy): after a later
  in-place change to the array, such as `arr += 1`, the tensor shows the new values;
- the tensor keeps the array's dtype (an int64 array gives int64, a float64 one float64).

`copied_from_array(arr)`
- return a tensor with the values, shape and dtype of `arr` that has its OWN memory (a
  copy): a later in-place change to the array must not show in the tensor.

`adjust_readings(temps, offsets)`
- `temps` has shape (N, D): N thermometers, D readings each; `offsets` has shape (N,): one
  calibration offset per thermometer (per ROW);
- return a new tensor of shape (N, D) in which `offsets[i]` is added to every reading of
  row i; whole-number `temps` and `offsets` give a whole-number (int64) result. Mind how
  broadcasting lines up the shapes.

`multiply_elementwise(a, b)`
- `a` and `b` have the same shape (N, D); return their ELEMENT-WISE product as a new tensor
  (shape (N, D); `a` and `b` stay as they were): entry [i, j] is `a[i, j] * b[i, j]`; this
  is not the matrix product.

`float_copy(t)`
- return a float32 tensor with the values of `t` (whatever its dtype: int64, or already
  float32) that does NOT share memory with `t`: changing one in place later must leave the
  other as it was.

Example:
    temps = readings_to_tensor([[72, 75, 78], [70, 73, 76]])   # shape (2, 3), torch.int64
    adjust_readings(temps, torch.tensor([2, 2]))    # tensor([[74, 77, 80], [72, 75, 78]])
    arr = np.array([[1.5, 2.5], [3.5, 4.5]])
    shared, copied = shared_from_array(arr), copied_from_array(arr)
    arr += 1        # `shared` now holds 2.5, 3.5, ...; `copied` still 1.5, 2.5, ...
"""
import numpy as np
import torch


def readings_to_tensor(readings: list) -> torch.Tensor:
    """The nested list `readings` as an int64 tensor of the same shape."""
    # TODO(ex01): build a tensor from the nested list.
    ### BEGIN SOLUTION: build a tensor from the nested list
    return torch.tensor(readings)                   # whole numbers -> torch.int64
    ### END SOLUTION


def shared_from_array(arr: np.ndarray) -> torch.Tensor:
    """A tensor that shares memory with the NumPy array `arr` (same dtype)."""
    # TODO(ex01): make a tensor that shares memory with the array.
    ### BEGIN SOLUTION: make a tensor that shares memory with the array
    return torch.from_numpy(arr)                    # no copy: same memory, same dtype
    ### END SOLUTION


def copied_from_array(arr: np.ndarray) -> torch.Tensor:
    """A tensor with `arr`'s values and dtype, in memory of its own."""
    # TODO(ex01): make a tensor that copies the array.
    ### BEGIN SOLUTION: make a tensor that copies the array
    return torch.tensor(arr)                        # torch.tensor always copies
    ### END SOLUTION


def adjust_readings(temps: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
    """`temps` (N, D) with `offsets[i]` added to every reading of row i."""
    # TODO(ex01): add each row's offset to every reading of that row.
    ### BEGIN SOLUTION: add each row's offset to the readings of that row
    return temps + offsets[:, None]                 # (N, D) + (N, 1) -> (N, D)
    ### END SOLUTION


def multiply_elementwise(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The element-wise product of two tensors of the same shape."""
    # TODO(ex01): multiply element by element.
    ### BEGIN SOLUTION: multiply element by element
    return a * b
    ### END SOLUTION


def float_copy(t: torch.Tensor) -> torch.Tensor:
    """A float32 copy of `t` that does not share memory with it."""
    # TODO(ex01): make a float32 copy that does not share memory with `t`.
    ### BEGIN SOLUTION: make a float32 copy of t
    return t.to(torch.float32, copy=True)           # `t.float()` alone returns `t` if float32
    ### END SOLUTION


if __name__ == "__main__":
    temps = readings_to_tensor([[72, 75, 78], [70, 73, 76]])
    print(temps.shape, temps.dtype)                           # torch.Size([2, 3]) torch.int64
    print(adjust_readings(temps, torch.tensor([2, 2])))       # every reading + 2
    print(adjust_readings(temps, torch.tensor([1, -1])))      # row 0 + 1, row 1 - 1
    print(multiply_elementwise(temps, torch.ones(2, 3)))
    arr = np.array([[1.5, 2.5], [3.5, 4.5]])
    shared, copied = shared_from_array(arr), copied_from_array(arr)
    arr += 1
    print(shared)                                             # shows the change
    print(copied)                                             # does not
    f = float_copy(temps)
    print(f.dtype, f.data_ptr() != temps.data_ptr())          # torch.float32 True
