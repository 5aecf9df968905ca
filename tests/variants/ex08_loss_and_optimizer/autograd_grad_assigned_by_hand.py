"""variant: torch.autograd.grad then assigning p.grad by hand; mse via float64 sum / size; np.float64 returned"""
import numpy as np
import torch


def mse(y_pred, y):
    diff = np.subtract(np.float64(1) * y_pred, y)
    return np.float64(np.sum(diff * diff) / diff.size)


def train_step(model, optimizer, loss_fn, X, y):
    params = [p for p in model.parameters() if p.requires_grad]
    loss = loss_fn(model(X), y)
    grads = torch.autograd.grad(loss, params)
    for p, g in zip(params, grads):
        p.grad = g
    optimizer.step()
    return loss.detach().item()
