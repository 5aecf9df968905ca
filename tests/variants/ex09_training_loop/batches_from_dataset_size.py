# variant: number of batches from len(dataset) / batch_size (equal batches), zero_grad at the end with set_to_none=False
import math


def train(model, loader, loss_fn, optimizer, epochs):
    device = next(model.parameters()).device
    model.train()
    optimizer.zero_grad()
    n_batches = math.ceil(len(loader.dataset) / loader.batch_size)
    losses = []
    for epoch in range(1, epochs + 1):
        s = 0
        for xb, yb in loader:
            loss = loss_fn(model(xb.to(device)), yb.to(device))
            loss.backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=False)
            s += float(loss)
        losses.append(s / n_batches)
    return losses
