# expect: losses_match_reference: Each batch needs its own forward pass
def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    X, y = next(iter(loader))
    X, y = X.to(device), y.to(device)
    pred = model(X)
    history = []
    for _ in range(epochs):
        total = 0.0
        for _batch in loader:
            optimizer.zero_grad()
            loss = loss_fn(pred, y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
