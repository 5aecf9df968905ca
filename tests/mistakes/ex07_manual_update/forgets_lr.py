# expect: updates_every_parameter: moved every parameter by 1 times its gradient
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= p.grad                  # lr forgotten
            p.grad = None
