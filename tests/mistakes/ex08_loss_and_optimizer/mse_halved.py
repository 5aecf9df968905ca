# expect: mse_matches_mse_loss: it halves the mean squared error
import numpy as np


def mse(y_pred, y):
    return 0.5 * np.mean((y_pred.astype(float) - y) ** 2)    # the 1/2 from the lecture notes


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
