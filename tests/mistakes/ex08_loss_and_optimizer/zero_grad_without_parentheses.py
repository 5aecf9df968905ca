# expect: train_step_clears_old_gradients: held the sum of both batches' gradients
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred.astype(np.float64) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
