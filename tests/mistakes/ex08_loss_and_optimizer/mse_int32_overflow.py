# expect: mse_of_integer_arrays: For int32 arrays of values up to 100000: `mse(...)` is not what the spec asks for: the squares overflow
import numpy as np


def mse(y_pred, y):
    return np.mean((y_pred - y) ** 2)


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
