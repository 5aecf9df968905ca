# expect: train_step_updates_parameters: does not require grad and does not have a grad_fn
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred.astype(np.float64) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    import torch
    optimizer.zero_grad()
    with torch.no_grad():
        pred = model(X)
    loss = loss_fn(pred, y)
    loss.backward()
    optimizer.step()
    return loss.item()
