# expect: train_step_returns_the_loss: is a tensor, not a plain number
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred.astype(np.float64) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.detach()
