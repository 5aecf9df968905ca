# expect: ends_in_training_mode: optimizer steps ran with the model in evaluation mode
import torch


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
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
        model.eval()                       # look at the loss without dropout
        with torch.no_grad():
            print(sum(loss_fn(model(X.to(device)), y.to(device)).item() for X, y in loader))
    model.train()                          # back to training mode at the end
    return history
