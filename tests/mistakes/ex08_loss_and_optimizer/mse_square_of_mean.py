# expect: mse_matches_mse_loss: it squares the mean difference
import numpy as np


def mse(y_pred, y):
    return np.mean(y_pred.astype(float) - y) ** 2            # parenthesis in the wrong place


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
