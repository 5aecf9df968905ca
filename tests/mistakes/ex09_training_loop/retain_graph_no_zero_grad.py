# expect: gradients_cleared_each_step: Gradients accumulate
def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            loss = loss_fn(model(X), y)
            loss.backward(retain_graph=True)
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
