def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        losses = []
        for features, target in loader:
            prediction = model(features.to(device))
            loss = loss_fn(prediction, target.to(device))
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            losses.append(loss.item())
        history.append(sum(losses) / len(losses))
    return history
