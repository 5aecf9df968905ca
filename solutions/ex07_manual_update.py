"""Exercise 07: one gradient-descent step by hand.

`optimizer.step()` is no magic: for plain SGD it moves every parameter a little against its
gradient, `p <- p - lr * p.grad`, using the gradient that `loss.backward()` left in `p.grad`.
Write that step yourself once, to see what `torch.optim.SGD` does for you.

Write `sgd_step(params, lr)`:

- `params` is a list of a model's parameters (`list(model.parameters())`), each holding its
  gradient in `.grad` after `loss.backward()`; `lr` is the learning rate, a Python float;
- update EVERY parameter IN PLACE: `p -= lr * p.grad` (or `p.sub_(lr * p.grad)`). The model
  holds these very tensors; `p = p - lr * p.grad` (or `weight = weight - lr * weight.grad`)
  only rebinds a name to a new tensor and leaves the model's parameter unchanged;
- descend: subtract the gradient times `lr`, don't add it;
- make the update inside `with torch.no_grad():` so that autograd does not record it (outside,
  PyTorch refuses to change a leaf that requires grad in place);
- then clear every gradient (`p.grad = None`, or `p.grad.zero_()`): otherwise the next
  `backward()` adds to it;
- keep the parameters trainable (`requires_grad` stays True), and return nothing.

Example (a 3-layer model, as in the course):
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
    loss = ((model(torch.randn(16, 4)) - torch.randn(16, 1)) ** 2).mean()
    loss.backward()                                   # fills p.grad for every parameter
    sgd_step(list(model.parameters()), lr=0.01)       # the model's weights have moved
    [p.grad for p in model.parameters()]              # all None (or all zeros)
"""
import torch
from torch import nn


def sgd_step(params: list[torch.Tensor], lr: float) -> None:
    """Move each parameter in `params` against its gradient by `lr`, in place; clear the
    gradients."""
    # TODO(ex07): under torch.no_grad(), update each parameter in place, then clear its grad.
    ### BEGIN SOLUTION: update every parameter in place, then clear its gradient
    with torch.no_grad():
        for p in params:
            if p.grad is None:          # took no part in the loss: nothing to do
                continue
            p -= lr * p.grad            # in place: the model sees the new values
            p.grad = None               # the next backward() starts from zero
    ### END SOLUTION


if __name__ == "__main__":
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
    X, y = torch.randn(16, 4), torch.randn(16, 1)
    for step in range(5):
        loss = ((model(X) - y) ** 2).mean()
        loss.backward()
        sgd_step(list(model.parameters()), lr=0.01)
        print(step, loss.item())                      # the loss goes down
