# variant: validation pass under inference_mode each epoch, model.train() at the top of each epoch
import torch


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(iter(model.parameters())).device
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        train_losses.append(total / len(loader))

        model.eval()
        with torch.inference_mode():
            v = 0.0
            for X, y in loader:
                v += loss_fn(model(X.to(device)), y.to(device)).item()
            val_losses.append(v / len(loader))
    model.train()
    return train_losses
