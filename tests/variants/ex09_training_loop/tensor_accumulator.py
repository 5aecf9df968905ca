# variant: loss accumulated as a detached tensor, .item() once at the end of the epoch
import torch


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    history = []
    for _ in range(epochs):
        running = torch.zeros((), device=device)
        n = 0
        for batch in loader:
            x, y = batch
            x = x.to(device, non_blocking=True)
            y = y.to(device, non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            pred = model(x)
            loss = loss_fn(pred, y)
            loss.backward()
            optimizer.step()
            running += loss.detach()
            n += 1
        history.append((running / n).item())
    return history
