# expect: mse_matches_mse_loss: it divides by N - 1
import numpy as np


def mse(y_pred, y):
    d = y_pred.astype(float) - y; return np.sum(d ** 2) / (d.size - 1)   # sample-variance habit


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
