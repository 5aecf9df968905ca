# expect: train_step_returns_the_loss: the loss divided by the batch's
import numpy as np
import torch
from torch import nn


def mse(y_pred: np.ndarray, y: np.ndarray) -> float:
    diff = np.asarray(y_pred, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return float(np.mean(diff ** 2))        # mean over every element, like nn.MSELoss()


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, loss_fn, X: torch.Tensor,
               y: torch.Tensor) -> float:
    """One optimizer step on the batch (X, y); return its loss as a Python float."""
    optimizer.zero_grad()                   # no gradient from an earlier call
    loss = loss_fn(model(X), y)             # a 0-d tensor that holds the graph
    loss.backward()                         # fills p.grad
    optimizer.step()                        # p <- p - lr * p.grad
    return loss.item() / len(X)
