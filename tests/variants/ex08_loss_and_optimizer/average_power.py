import numpy as np
import torch


def mse(y_pred, y):
    return np.average(np.power(y_pred.astype(np.float64) - y, 2))


def train_step(model, optimizer, loss_fn, X, y):
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        value = loss.cpu().numpy().item()
    return value
