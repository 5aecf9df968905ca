def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        for X, y in loader:
            loss = loss_fn(model(X.to(device)), y.to(device))
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
