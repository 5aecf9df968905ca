# expect: train_step_returns_the_loss: is the loss after `optimizer.step()`
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred.astype(np.float64) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss_fn(model(X), y).backward()
    optimizer.step()
    return loss_fn(model(X), y).item()      # "the new loss"
