# expect: updates_every_parameter: times its gradient, but `lr` is
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad / len(params)       # "average over the parameters"
            p.grad = None
