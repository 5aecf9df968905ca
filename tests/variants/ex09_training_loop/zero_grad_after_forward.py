# variant: zero_grad(set_to_none=False) between the forward pass and backward; statistics.mean
import statistics


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    history = []
    epoch = 0
    while epoch < epochs:
        model.train(True)
        batch_losses = []
        for inputs, targets in loader:
            inputs = inputs.to(device)
            targets = targets.to(device)
            outputs = model(inputs)
            loss = loss_fn(outputs, targets)
            optimizer.zero_grad(set_to_none=False)
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
        history += [statistics.mean(batch_losses)]
        print(f"epoch {epoch + 1}/{epochs}: loss {history[-1]:.4f}")
        epoch += 1
    return history
