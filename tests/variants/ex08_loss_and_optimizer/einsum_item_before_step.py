"""variant: mse with np.einsum over flattened float arrays; loss.item() read before optimizer.step(); extra prints"""
import numpy as np


def mse(y_pred, y):
    a = np.ravel(y_pred).astype(np.float64)
    b = np.ravel(y).astype(np.float64)
    d = a - b
    return np.einsum("i,i->", d, d) / d.shape[0]


def train_step(model, optimizer, loss_fn, X, y):
    model.train()
    optimizer.zero_grad()
    out = model(X)
    loss = loss_fn(out, y)
    loss.backward()
    value = loss.item()
    print(f"loss {value:.4f}")
    optimizer.step()
    return value
