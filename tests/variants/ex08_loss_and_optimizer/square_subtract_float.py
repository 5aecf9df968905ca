import numpy as np


def mse(y_pred, y):
    return np.square(np.subtract(y_pred, y, dtype=np.float64)).mean()


def train_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    predictions = model(X)
    loss = loss_fn(predictions, y)
    loss.backward()
    optimizer.step()
    return float(loss)
