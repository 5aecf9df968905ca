import torch


@torch.no_grad()
def sgd_step(params, lr):
    for p in params:
        p.sub_(lr * p.grad)
        p.grad.zero_()
