# expect: mse_matches_mse_loss: takes the square root (that is the RMSE)
import numpy as np


def mse(y_pred, y):
    return np.sqrt(np.mean((y_pred.astype(float) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
