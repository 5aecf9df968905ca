"""variant: mse computed through a helper with Python's statistics.fmean; zero_grad both at start and end; model.zero_grad()"""
import statistics

import numpy as np


def _squared_errors(a, b):
    return ((float(p) - float(t)) ** 2 for p, t in zip(np.ravel(a), np.ravel(b)))


def mse(y_pred, y):
    return statistics.fmean(_squared_errors(y_pred, y))


def train_step(model, optimizer, loss_fn, X, y):
    model.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    return loss.item()
