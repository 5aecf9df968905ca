# expect: updates_every_parameter: `params[5]` (3,) is unchanged although it had a gradient
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for i in range(len(params) - 1):
            params[i] -= lr * params[i].grad
            params[i].grad = None
