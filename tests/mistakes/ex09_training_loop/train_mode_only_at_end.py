# expect: ends_in_training_mode: optimizer steps ran with the model in evaluation mode
import torch


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    history = []
    for _ in range(epochs):
        total = 0.0
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    model.train()                 # leave it in training mode, as the spec says
    return history
