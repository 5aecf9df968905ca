"""variant: mse via np.mean(np.abs(d) ** 2) on a float64 difference; torch.autograd.backward(loss); numpy scalar returned"""
import numpy as np
import torch


def mse(y_pred, y):
    d = y_pred.astype("float64") - y.astype("float64")
    return np.mean(np.abs(d) ** 2, axis=None)


def train_step(model, optimizer, loss_fn, X, y):
    for group in optimizer.param_groups:
        for p in group["params"]:
            p.grad = None
    loss = loss_fn(model(X), y)
    torch.autograd.backward(loss)
    optimizer.step()
    return loss.detach().cpu().numpy()[()]
