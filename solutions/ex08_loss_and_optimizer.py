"""Exercise 08: the loss and one optimizer step.

A regression model is trained by making its mean squared error small. First compute that
loss yourself in NumPy, to see that `nn.MSELoss` is nothing more; then write the five lines
that every training step repeats.

`mse(y_pred, y)`
- `y_pred` and `y` are NumPy arrays of the same shape (any shape, any numeric dtype:
  integer arrays included);
- return the mean, over ALL the elements, of the squared differences, the value
  `nn.MSELoss()` (whose default reduction is the mean) gives on the same numbers, as a
  float (a Python float or a NumPy float);
- integers: compute in floating point, so that nothing is rounded down (no `//`) and no
  square overflows a small integer dtype such as int32.

`train_step(model, optimizer, loss_fn, X, y)`
- `X` and `y` are one batch, already on the model's device; `loss_fn` (e.g. `nn.MSELoss()`)
  and `optimizer` (built over `model.parameters()`) are ready to use: use them;
- in this order: clear the old gradients (`optimizer.zero_grad()`), forward pass, loss,
  `loss.backward()`, `optimizer.step()`: exactly one step per call, and no gradient from an
  earlier call left behind;
- return the loss computed before the step, as a plain Python float (`loss.item()`), not a
  tensor: a tensor would keep the whole computation graph alive.

Example (the course's values):
    y_pred = np.array([3, 5.0, 2.5, 7.0])
    y = np.array([3.0, 4.5, 2.0, 8.0])
    mse(y_pred, y)                                   # 0.375, like nn.MSELoss()

    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
    train_step(model, optimizer, nn.MSELoss(), torch.randn(8, 4), torch.randn(8, 1))   # a float
"""
import numpy as np
import torch
from torch import nn


def mse(y_pred: np.ndarray, y: np.ndarray) -> float:
    """The mean squared error between two NumPy arrays of the same shape."""
    # TODO(ex08): the mean of the squared differences, computed in floating point.
    ### BEGIN SOLUTION: compute the mean squared error in NumPy
    diff = np.asarray(y_pred, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return float(np.mean(diff ** 2))        # mean over every element, like nn.MSELoss()
    ### END SOLUTION


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, loss_fn, X: torch.Tensor,
               y: torch.Tensor) -> float:
    """One optimizer step on the batch (X, y); return its loss as a Python float."""
    # TODO(ex08): zero_grad, forward, loss, backward, step; return the loss as a float.
    ### BEGIN SOLUTION: one training step
    optimizer.zero_grad()                   # no gradient from an earlier call
    loss = loss_fn(model(X), y)             # a 0-d tensor that holds the graph
    loss.backward()                         # fills p.grad
    optimizer.step()                        # p <- p - lr * p.grad
    return loss.item()                      # a float: the graph can be freed
    ### END SOLUTION


if __name__ == "__main__":
    y_pred = np.array([3, 5.0, 2.5, 7.0])
    y = np.array([3.0, 4.5, 2.0, 8.0])
    print(mse(y_pred, y), nn.MSELoss()(torch.tensor(y_pred), torch.tensor(y)).item())

    torch.manual_seed(0)
    model = nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
    X, target = torch.randn(8, 4), torch.randn(8, 1)
    for _ in range(3):
        print(train_step(model, optimizer, nn.MSELoss(), X, target))   # slowly going down
