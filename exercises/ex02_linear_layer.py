"""Exercise 02: a linear layer by hand.

`nn.Linear(in_features, out_features)` holds a weight matrix `W` of shape
(out_features, in_features) and a bias `b` of shape (out_features,). Its forward pass
multiplies the input by the TRANSPOSE of `W` and adds `b`:

    y = x @ W.T + b

Write `linear_forward(x, W, b)`, that forward pass with tensor operations (not `nn.Linear`
or `F.linear`):

- `x` is either ONE sample, shape (in_features,), or a BATCH of samples, one per row,
  shape (N, in_features); `W` has shape (out_features, in_features), `b` (out_features,);
- return the output: shape (out_features,) for one sample, (N, out_features) for a batch;
  every sample's output gets the same `b`, `b[j]` on its output j;
- the result must equal `layer(x)` for an `nn.Linear` layer whose weight is `W` and whose
  bias is `b`: so `linear_forward(x, layer.weight, layer.bias)` equals `layer(x)`, and
  gradients flow back to `layer.weight` and `layer.bias` as they do through `layer(x)`
  (no `torch.no_grad()`, `.detach()` or NumPy inside).

Example:
    layer = nn.Linear(3, 2)
    x = torch.tensor([[0.3471, 0.4547, -0.2356]])       # a batch of one sample, shape (1, 3)
    linear_forward(x, layer.weight, layer.bias)         # shape (1, 2), equal to layer(x)
    linear_forward(x[0], layer.weight, layer.bias)      # shape (2,), one sample
"""
import torch
from torch import nn


def linear_forward(x: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """`x @ W.T + b` for one sample (in,) or a batch (N, in); `W` is (out, in), `b` (out,)."""
    # TODO(ex02): multiply by the transposed weights and add the bias.
    raise NotImplementedError("TODO(ex02): multiply by the transposed weights and add the bias")


if __name__ == "__main__":
    torch.manual_seed(0)
    layer = nn.Linear(3, 2)
    x = torch.tensor([[0.3471, 0.4547, -0.2356]])
    print(linear_forward(x, layer.weight, layer.bias))
    print(layer(x))                                        # the same numbers
    print(linear_forward(x[0], layer.weight, layer.bias))  # one sample: shape (2,)
