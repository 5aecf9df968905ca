"""variant: mse keeps float inputs in their own dtype (float32) and converts only integers to float64"""
import numpy as np


def mse(y_pred, y):
    if not np.issubdtype(y_pred.dtype, np.floating):
        y_pred = y_pred.astype(np.float64)
    if not np.issubdtype(y.dtype, np.floating):
        y = y.astype(np.float64)
    return ((y_pred - y) ** 2).mean()


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
