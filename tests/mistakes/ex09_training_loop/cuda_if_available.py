# device: cuda
# expect: trains_on_the_models_device: train the model where it is
import torch


def train(model, loader, loss_fn, optimizer, epochs):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device)
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
    return history
