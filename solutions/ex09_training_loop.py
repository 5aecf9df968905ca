"""Reference for exercise 09: the training loop."""
import torch
from torch import nn


def train(model: nn.Module, loader, loss_fn, optimizer: torch.optim.Optimizer,
          epochs: int) -> list[float]:
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        total, batches = 0.0, 0
        for inputs, targets in loader:
            inputs, targets = inputs.to(device), targets.to(device)   # (B, ...) on the model's device
            optimizer.zero_grad()
            loss = loss_fn(model(inputs), targets)                   # scalar, holds the graph
            loss.backward()
            optimizer.step()
            total += loss.item()                                     # a float: the graph can go
            batches += 1
        history.append(total / batches)
    return history
