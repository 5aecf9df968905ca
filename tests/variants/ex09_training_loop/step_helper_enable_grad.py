# variant: a train_step helper under torch.enable_grad(), history built as a tensor then tolist()
import torch


def train_step(model, x, y, loss_fn, optimizer):
    with torch.enable_grad():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    return loss.item()


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = torch.zeros(epochs, dtype=torch.float64)
    for e in range(epochs):
        losses = [train_step(model, x.to(device), y.to(device), loss_fn, optimizer)
                  for x, y in loader]
        history[e] = sum(losses) / len(losses)
    return history.tolist()
