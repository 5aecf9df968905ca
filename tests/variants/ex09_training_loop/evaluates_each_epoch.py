"""A validation pass over the same loader after each epoch, under no_grad, in eval mode."""
import torch


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    history, val_history = [], []
    for _ in range(epochs):
        model.train()
        total = 0.0
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))

        model.eval()
        with torch.no_grad():
            val = sum(loss_fn(model(X.to(device)), y.to(device)).item() for X, y in loader)
        val_history.append(val / len(loader))
    model.train()
    return history
