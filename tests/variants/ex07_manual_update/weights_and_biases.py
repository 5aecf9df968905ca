import torch


def sgd_step(params, lr):
    """The course's layout: weights and biases in turn, each updated in place."""
    weights, biases = params[0::2], params[1::2]
    with torch.no_grad():
        for weight, bias in zip(weights, biases):
            weight -= lr * weight.grad
            bias -= lr * bias.grad
            weight.grad, bias.grad = None, None
