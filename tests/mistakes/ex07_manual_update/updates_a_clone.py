# expect: updates_every_parameter: an in-place update of a copy
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p.clone().sub_(lr * p.grad)  # in place, but on a copy
            p.grad = None
