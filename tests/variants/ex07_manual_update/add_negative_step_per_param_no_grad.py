"""variant: p.add_(-lr * p.grad) with the gradient detached first and zeroed with p.grad.detach_().zero_()"""
import torch


def sgd_step(params, lr):
    for p in params:
        with torch.no_grad():
            p.add_(-lr * p.grad)
        p.grad.detach_()
        p.grad.zero_()
