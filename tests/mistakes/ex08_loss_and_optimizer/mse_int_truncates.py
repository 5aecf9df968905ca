# expect: mse_matches_mse_loss: `int(...)` drops the fraction
import numpy as np


def mse(y_pred, y):
    return int(np.sum((y_pred.astype(float) - y) ** 2) / y.size)   # "a whole number of squared units"


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
