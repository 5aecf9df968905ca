"""zero_grad at the end of the step (grads start empty), a running sum of item()."""


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for epoch in range(epochs):
        running = 0.0
        for i, (inputs, targets) in enumerate(loader):
            outputs = model(inputs.to(device))
            loss = loss_fn(outputs, targets.to(device))
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            running += loss.item()
        history.append(running / (i + 1))
    return history
