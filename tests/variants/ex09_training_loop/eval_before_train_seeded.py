# variant: torch.manual_seed in train, a no_grad evaluation pass BEFORE training each epoch
import torch


def train(model, loader, loss_fn, optimizer, epochs):
    torch.manual_seed(0)
    device = next(model.parameters()).device
    history = []
    for epoch in range(epochs):
        model.eval()
        with torch.no_grad():
            before = sum(loss_fn(model(x.to(device)), y.to(device)).item() for x, y in loader)
        model.train()
        total = 0.0
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
