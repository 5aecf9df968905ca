"""variant: grads scaled in place (mul_), subtracted, and the grad list cleared with set-to-None after; requires_grad filter"""
import torch


@torch.no_grad()
def sgd_step(params, lr):
    trainable = [p for p in params if p.requires_grad and p.grad is not None]
    for p in trainable:
        g = p.grad.clone()
        g.mul_(lr)
        p.copy_(p - g)
    for p in trainable:
        p.grad = None
    return None
