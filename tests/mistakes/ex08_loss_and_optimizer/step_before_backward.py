# expect: train_step_updates_parameters: `optimizer.step()` ran, but no gradients had been computed: call `loss.backward()` before each `optimizer.step()`
# expect: train_step_clears_old_gradients: call `loss.backward()` before each `optimizer.step()`
# expect: train_step_returns_the_loss: call `loss.backward()` before each `optimizer.step()`
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred.astype(np.float64) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    optimizer.step()
    loss.backward()
    return loss.item()
