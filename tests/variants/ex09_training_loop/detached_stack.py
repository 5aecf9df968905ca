"""Detached batch losses stacked and averaged by torch, then .item()."""
import torch


def train(model, loader, loss_fn, optimizer, epochs):
    params = list(model.parameters())
    device = params[0].device
    history = []
    for _ in range(epochs):
        model.train()
        batch_losses = []
        for X, y in loader:
            X = X.to(device)
            y = y.to(device)
            optimizer.zero_grad(set_to_none=False)
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.detach())
        history.append(torch.stack(batch_losses).mean().item())
    return history
