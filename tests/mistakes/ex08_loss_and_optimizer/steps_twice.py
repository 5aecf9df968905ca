# expect: train_step_updates_parameters: called `optimizer.step()` 4 times; it should step exactly once per call
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred.astype(np.float64) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    optimizer.step()            # "one more step to be sure"
    return loss.item()
