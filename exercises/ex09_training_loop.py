"""Exercise 09: the training loop.

Every model in this course is trained by the same few lines: for each epoch, for each batch,
predict, measure the loss, clear the old gradients, backpropagate, and step the optimizer.
Write them once, properly, as a function you can reuse with any model, data, loss and
optimizer.

The spec of `train(model, loader, loss_fn, optimizer, epochs)`:

- `model` is an `nn.Module`, possibly on a GPU, possibly in evaluation mode when it arrives:
  put it in training mode (`model.train()`) and leave it in training mode;
- `loader` yields `(inputs, targets)` batches on the CPU: move both to the device the model's
  parameters are on (`next(model.parameters()).device`) before using them;
- `loss_fn` and `optimizer` are ready to use: use them, do not create your own;
- for every batch: forward pass, loss, clear the old gradients, `backward()`, `step()`;
- return a list with one entry per epoch: the mean of that epoch's batch losses, as a plain
  Python float (`loss.item()`), not a tensor.

Example:
    history = train(model, loader, nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=0.1), 5)
    # history == [0.93, 0.41, 0.27, 0.21, 0.18]   (five floats, usually going down)
"""
import torch
from torch import nn


def train(model: nn.Module, loader, loss_fn, optimizer: torch.optim.Optimizer,
          epochs: int) -> list[float]:
    """Train `model` for `epochs` passes over `loader`; return each epoch's mean batch loss."""
    # TODO(ex09): the loop over epochs and batches, and the list of per-epoch mean losses.
    raise NotImplementedError("TODO(ex09): write the training loop")


if __name__ == "__main__":
    from torch.utils.data import DataLoader, TensorDataset

    X = torch.randn(64, 4)
    y = X.sum(dim=1, keepdim=True)
    model = nn.Linear(4, 1)
    loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
    print(train(model, loader, nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=0.1), 5))
