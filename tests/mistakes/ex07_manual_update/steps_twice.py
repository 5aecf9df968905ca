# expect: updates_every_parameter: times its gradient, but `lr` is
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
        for p in params:                 # copied the loop to add the clearing, kept the update
            p -= lr * p.grad
            p.grad = None
