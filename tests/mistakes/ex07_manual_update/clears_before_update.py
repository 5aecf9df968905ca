# expect: updates_every_parameter: every parameter is unchanged, although each had a gradient
# expect: updates_every_parameter: clear them after the update instead
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p.grad.zero_()
            p -= lr * p.grad
