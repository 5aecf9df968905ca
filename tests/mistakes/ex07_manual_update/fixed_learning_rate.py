# expect: updates_every_parameter: moved every parameter by 0.01 times its gradient
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= 0.01 * p.grad
            p.grad = None
