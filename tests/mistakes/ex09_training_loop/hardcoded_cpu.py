# device: cuda
# expect: trains_on_the_models_device: cpu
def train(model, loader, loss_fn, optimizer, epochs):
    device = "cpu"
    model.to(device)
    model.train()
    history = []
    for epoch in range(epochs):
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
