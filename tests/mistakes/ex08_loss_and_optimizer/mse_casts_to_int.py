# expect: mse_matches_mse_loss: converts the arrays to integers
import numpy as np


def mse(y_pred, y):
    return np.mean((y_pred.astype(int) - y.astype(int)) ** 2)   # "make the dtypes agree"


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
