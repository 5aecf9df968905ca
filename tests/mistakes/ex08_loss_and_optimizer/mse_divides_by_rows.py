# expect: mse_matches_mse_loss: For float arrays of shape (16, 3): `mse(...)` is not what the spec asks for: it divides by the number of rows, `len(y)`
import numpy as np


def mse(y_pred, y):
    return np.sum((np.asarray(y_pred, dtype=float) - y) ** 2) / len(y)


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
