# expect: updates_every_parameter: does not support the context manager protocol
import torch


def sgd_step(params, lr):
    with torch.no_grad:
        for p in params:
            p -= lr * p.grad
            p.grad = None
