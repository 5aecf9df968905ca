# expect: updates_every_parameter: The parameters moved uphill
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p += lr * p.grad
            p.grad = None
