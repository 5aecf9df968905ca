# expect: works_with_any_optimizer_and_loss: With Adam and cross-entropy
from torch import nn


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    criterion = nn.MSELoss()
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            optimizer.zero_grad()
            loss = criterion(model(X), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
