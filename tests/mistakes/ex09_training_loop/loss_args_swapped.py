# expect: works_with_any_optimizer_and_loss: takes the model's output first
def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for epoch in range(epochs):
        total = 0.0
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(y, model(X))
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
