# variant: loss * batch size summed, divided by len(loader.dataset) (all batches equal here)
def train(model, loader, loss_fn, optimizer, epochs):
    dev = next(model.parameters()).device
    model.train()
    hist = []
    for _ in range(epochs):
        running_loss = 0.0
        for inputs, labels in loader:
            inputs, labels = inputs.to(dev), labels.to(dev)
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = loss_fn(outputs, labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.item() * inputs.size(0)
        hist.append(running_loss / len(loader.dataset))
    return hist
