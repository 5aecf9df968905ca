# expect: mse_of_integer_arrays: For int64 arrays of small values: `mse(...)` is not what the spec asks for: it rounds down: `//` is floor division
import numpy as np


def mse(y_pred, y):
    return np.sum((y_pred - y) ** 2) // y.size


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
