# expect: updates_every_parameter: `params[0]` (16, 5) is unchanged although it had a gradient
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for i in range(1, len(params)):
            params[i] -= lr * params[i].grad
            params[i].grad = None
