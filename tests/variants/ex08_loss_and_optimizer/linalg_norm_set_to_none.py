"""variant: mse as squared np.linalg.norm over the size; zero_grad(set_to_none=True); float(loss)"""
import numpy as np


def mse(y_pred, y):
    d = np.asarray(y_pred, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return np.linalg.norm(d.ravel()) ** 2 / d.size


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad(set_to_none=True)
    loss = loss_fn(model.forward(X), y)
    loss.backward()
    optimizer.step()
    return float(loss)
