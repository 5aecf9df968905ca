# expect: requires_grad_flags_exact: on `p.data`
"""Exercise 14: freezing layers for fine-tuning.

A network trained on one task has learned useful features in its first layers. To adapt it
to a new task with little data, keep those layers as they are (freeze them) and train only
the rest. A parameter is frozen when `requires_grad` is False: backward() then computes no
gradient for it, and no optimizer moves it.

The spec:

`freeze_first_layers(model, n)`
- freezes the weights AND biases of the first `n` `nn.Linear` layers of `model`, counted in
  the order they appear in `model.modules()` (for the networks here, also the order the
  forward pass uses them). Linear layers may be nested in sub-modules, and other modules
  (ReLU, LayerNorm, ...) do not count as layers here;
- leaves every other parameter trainable;
- works in place: keep the model's own `Parameter` objects (never assign new ones);
  the return value is ignored.

`make_finetune_optimizer(model, lr)`
- returns `torch.optim.SGD` with learning rate `lr` over the model's trainable parameters
  (those with `requires_grad=True`), called after freezing.

Example:
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(),
                          nn.Linear(16, 4))
    freeze_first_layers(model, 2)
    [p.requires_grad for p in model.parameters()]   # [False, False, False, False, True, True]
    optimizer = make_finetune_optimizer(model, lr=0.01)
"""
import torch
from torch import nn


def freeze_first_layers(model: nn.Module, n: int) -> None:
    """Freeze weights and biases of the first `n` linear layers of `model`, in place."""
    # TODO(ex14): find the linear layers, then freeze the parameters of the first n.
    ### BEGIN SOLUTION: freeze the first n linear layers
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    for layer in linears[:n]:
        layer.weight.data.requires_grad = False
        if layer.bias is not None:
            layer.bias.data.requires_grad = False
    ### END SOLUTION


def make_finetune_optimizer(model: nn.Module, lr: float) -> torch.optim.Optimizer:
    """SGD with learning rate `lr` over the parameters of `model` that are still trainable."""
    # TODO(ex14): build the optimizer from the trainable parameters only.
    ### BEGIN SOLUTION: build the fine-tuning optimizer
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
    ### END SOLUTION


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(),
                          nn.Linear(16, 4))
    freeze_first_layers(model, 2)
    print([p.requires_grad for p in model.parameters()])  # [False] * 4 + [True] * 2
    print(make_finetune_optimizer(model, lr=0.01))
