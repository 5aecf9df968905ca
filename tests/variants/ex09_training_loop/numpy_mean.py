"""Batch losses collected in a list, averaged with numpy; a helper for one step."""
import numpy as np


def _step(model, batch, loss_fn, optimizer, device):
    inputs, targets = (t.to(device) for t in batch)
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    return [float(np.mean([_step(model, b, loss_fn, optimizer, device) for b in loader]))
            for _ in range(epochs)]
