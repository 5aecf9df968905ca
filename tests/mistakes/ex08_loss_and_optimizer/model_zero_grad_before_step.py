# expect: train_step_updates_parameters: wipes the gradients backward has just computed
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred.astype(np.float64) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    loss = loss_fn(model(X), y)
    loss.backward()
    model.zero_grad()
    optimizer.step()
    return loss.item()
