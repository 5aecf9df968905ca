"""variant: np.average of np.square on float copies; zero_grad after the forward pass but before backward; tolist()"""
import numpy as np


def mse(y_pred, y):
    yp = np.array(y_pred, dtype=float)
    yt = np.array(y, dtype=float)
    return np.average(np.square(yp - yt))


def train_step(model, optimizer, loss_fn, X, y):
    predictions = model(X)
    loss = loss_fn(predictions, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.tolist()
