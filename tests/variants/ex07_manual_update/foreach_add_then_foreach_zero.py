"""variant: torch._foreach_add_ with alpha=-lr over all parameters, then torch._foreach_zero_ on the grads"""
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        grads = [p.grad for p in params]
        torch._foreach_add_(params, grads, alpha=-lr)
        torch._foreach_zero_(grads)
