# expect: final_parameters_match_reference: once per batch
def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        optimizer.zero_grad()
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            loss = loss_fn(model(X), y)
            loss.backward()
            total += loss.item()
        optimizer.step()
        history.append(total / len(loader))
    return history
