# expect: mse_matches_mse_loss: broadcasting makes an N x N table
import numpy as np
import torch
from torch import nn


def mse(y_pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((y_pred.astype(float) - y.reshape(-1, 1).astype(float)) ** 2))


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, loss_fn, X: torch.Tensor,
               y: torch.Tensor) -> float:
    """One optimizer step on the batch (X, y); return its loss as a Python float."""
    optimizer.zero_grad()                   # no gradient from an earlier call
    loss = loss_fn(model(X), y)             # a 0-d tensor that holds the graph
    loss.backward()                         # fills p.grad
    optimizer.step()                        # p <- p - lr * p.grad
    return loss.item()                      # a float: the graph can be freed
