# expect: updates_every_parameter: leaves the model's parameter unchanged
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for i, p in enumerate(params):
            params[i] = p - lr * p.grad
            p.grad.zero_()
