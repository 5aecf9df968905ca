"""variant: a helper per parameter, under torch.inference_mode(), with a debug print; `del p.grad` to clear"""
import torch


def _descend(p, lr):
    step = lr * p.grad
    p.sub_(step)


def sgd_step(params, lr):
    with torch.inference_mode():
        for i, p in enumerate(params):
            _descend(p, lr)
    for p in params:
        del p.grad
    print(f"updated {len(params)} tensors with lr={lr}")
