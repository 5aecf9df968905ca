# device: cpu
# expect: trains_on_the_models_device: Your code asks for CUDA
def train(model, loader, loss_fn, optimizer, epochs):
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        for X, y in loader:
            X, y = X.cuda(), y.cuda()
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
