# expect: losses_match_reference: the losses you report are not each epoch's mean batch loss
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
            loss_fn(model(X), y).backward()
            optimizer.step()
            with torch.no_grad():
                total += loss_fn(model(X), y).item()     # "the loss after the update"
        history.append(total / len(loader))
    return history
