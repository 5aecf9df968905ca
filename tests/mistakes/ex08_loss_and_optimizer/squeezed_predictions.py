# expect: train_step_updates_parameters: broadcast them
import numpy as np
import torch


def mse(y_pred, y):
    return float(np.mean((np.asarray(y_pred, dtype=float) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    pred = model(X).squeeze()          # (N, 1) -> (N,)
    loss = loss_fn(pred, y)
    loss.backward()
    optimizer.step()
    return loss.item()
