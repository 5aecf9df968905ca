# expect: final_parameters_match_reference: once per batch
import torch
def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        batch_losses = []
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            batch_losses.append(loss_fn(model(X), y))
        epoch_loss = torch.stack(batch_losses).mean()
        optimizer.zero_grad()
        epoch_loss.backward()
        optimizer.step()
        history.append(epoch_loss.item())
    return history
