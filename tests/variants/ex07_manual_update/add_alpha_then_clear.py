import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p.add_(p.grad, alpha=-lr)
    for p in params:
        p.grad = None
