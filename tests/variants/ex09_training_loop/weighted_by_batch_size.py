"""model.zero_grad(), loss weighted by batch size over the dataset (equal batches here)."""


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        total, seen = 0.0, 0
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            model.zero_grad(set_to_none=True)
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(X)
            seen += len(X)
        history.append(total / seen)
    return history
