# expect: equals_nn_linear: `layer.weight.grad` is None


def linear_forward(x, W, b):
    return x @ W.detach().T + b
