# expect: weights_follow_kaiming_uniform: they all equal 0
"""Exercise 13: initialising a network's weights.

How a network's weights start decides whether it trains at all. For layers followed by a
ReLU, He (Kaiming) initialisation keeps the size of the signal steady from layer to layer:
each weight is drawn uniformly from [-b, b] with b = sqrt(6 / fan_in), where fan_in is the
layer's number of inputs. Biases start at zero.

The spec of `init_weights(model)`:

- for every `nn.Linear` in `model`, however deeply it is nested in sub-modules:
  - its weight: Kaiming-uniform for ReLU, `nn.init.kaiming_uniform_(weight, nonlinearity="relu")`;
  - its bias: zeros (`nn.init.zeros_`);
- parameters of other layers (e.g. `nn.LayerNorm`) are left as they are;
- initialise in place: the model must keep its own `Parameter` objects, so an optimizer
  built before `init_weights` still trains it (do not assign new `nn.Parameter`s);
- the return value is ignored.

Example:
    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 10))
    init_weights(model)
    model[0].weight.abs().max() <= (6 / 20) ** 0.5     # True
"""
from torch import nn


def init_weights(model: nn.Module) -> None:
    """Kaiming-uniform weights and zero biases for every nn.Linear in `model`, in place."""
    # TODO(ex13): find every linear layer and initialise its weight and bias.
    ### BEGIN SOLUTION: initialise the linear layers
    for module in model.modules():              # every module, nested ones included
        if isinstance(module, nn.Linear):
            nn.init.kaiming_uniform_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.weight)
    ### END SOLUTION


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 10))
    init_weights(net)
    print(net[0].weight.abs().max().item(), (6 / 20) ** 0.5)
