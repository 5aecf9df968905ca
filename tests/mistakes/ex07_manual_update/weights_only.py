# expect: updates_every_parameter: the biases were not updated
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            if p.dim() > 1:          # "the weights are what the model learns"
                p -= lr * p.grad
            p.grad = None
