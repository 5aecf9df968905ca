import torch


def train(model, loader, loss_fn, optimizer, epochs):
    """The documented closure form: optimizer.step(closure)."""
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        total, n = 0.0, 0
        for X, y in loader:
            X, y = X.to(device), y.to(device)

            def closure():
                optimizer.zero_grad()
                loss = loss_fn(model(X), y)
                loss.backward()
                return loss

            loss = optimizer.step(closure)
            total += loss.item()
            n += 1
        history.append(total / n)
    return history
