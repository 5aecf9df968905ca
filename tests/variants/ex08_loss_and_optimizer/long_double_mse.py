"""variant: mse in np.longdouble for extra precision (returns a numpy long double)"""
import numpy as np


def mse(y_pred, y):
    d = np.asarray(y_pred, dtype=np.longdouble) - np.asarray(y, dtype=np.longdouble)
    return np.mean(d * d)


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
