# expect: train_step_returns_the_loss: is a tensor that still holds the autograd graph (`grad_fn=MseLossBackward0`), not a plain number
# expect: train_step_returns_the_loss: Call `.item()`
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred.astype(np.float64) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss
