# expect: gradients_cleared_each_step: wipes the gradients
# expect: losses_match_reference: wipes the gradients
def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.zero_grad(set_to_none=False)
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
