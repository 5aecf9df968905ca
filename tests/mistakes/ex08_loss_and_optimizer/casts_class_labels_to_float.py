# expect: works_with_any_optimizer_and_loss: expected target dtype to be Long or Byte, but got Float
import numpy as np


def mse(y_pred, y):
    return float(np.mean((y_pred.astype(np.float64) - y) ** 2))


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y.float())     # "losses want floats"
    loss.backward()
    optimizer.step()
    return loss.item()
