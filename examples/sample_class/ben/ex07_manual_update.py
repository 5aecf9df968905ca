import torch


def sgd_step(params, lr):
    # the course's own answer: new tensors bound to local names
    weights, biases = params[0::2], params[1::2]
    with torch.no_grad():
        for weight, bias in zip(weights, biases):
            weight = weight - lr * weight.grad
            bias = bias - lr * bias.grad
