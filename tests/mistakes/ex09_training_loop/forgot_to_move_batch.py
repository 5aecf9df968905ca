# device: cuda
# expect: trains_on_the_models_device: Move each batch to the device the model is on
def train(model, loader, loss_fn, optimizer, epochs):
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        for X, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
