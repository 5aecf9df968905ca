def train(model, loader, loss_fn, optimizer, epochs):
    history = []
    for _ in range(epochs):
        total = 0
        for X, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            total += loss
        history.append(total / len(loader))
    return history
