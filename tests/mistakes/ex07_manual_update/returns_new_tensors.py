# expect: updates_every_parameter: leaves the model's parameter unchanged
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        new = [p - lr * p.grad for p in params]
    for p in params:
        p.grad = None
    return new
