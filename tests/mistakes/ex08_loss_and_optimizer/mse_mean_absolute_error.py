# expect: mse_matches_mse_loss: averages absolute differences (the MAE)
import numpy as np


def mse(y_pred, y):
    return np.mean(np.abs(y_pred.astype(float) - y))        # |.| instead of square


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
