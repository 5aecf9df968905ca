# expect: mse_matches_mse_loss: it sums the squared differences; `nn.MSELoss()` averages them
import numpy as np


def mse(y_pred, y):
    return np.sum((y_pred.astype(float) - y) ** 2)


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
