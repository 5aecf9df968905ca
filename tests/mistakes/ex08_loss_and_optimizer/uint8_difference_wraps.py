# expect: mse_of_integer_arrays: the difference wraps around
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred - y).astype(np.float64) ** 2))   # subtracts in the integer dtype


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
