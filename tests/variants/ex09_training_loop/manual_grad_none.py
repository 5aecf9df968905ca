# variant: gradients cleared by hand (p.grad = None), model.to(device) no-op, enumerate + len(loader)
import torch


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model = model.to(device)
    model.train()
    history = []
    for epoch in range(epochs):
        epoch_loss = 0.0
        for batch_idx, (data, target) in enumerate(loader):
            data, target = data.to(device), target.to(device)
            for p in model.parameters():
                p.grad = None
            output = model(data)
            loss = loss_fn(output, target)
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item()
        history.append(epoch_loss / len(loader))
    return history
