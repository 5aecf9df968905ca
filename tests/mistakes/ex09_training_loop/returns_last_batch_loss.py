# expect: losses_match_reference: the losses you report are not each epoch's mean batch loss
# expect: works_with_any_optimizer_and_loss: the losses you report are not each epoch's mean batch loss
def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
        history.append(loss.item())
    return history
