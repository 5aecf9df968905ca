# expect: two_steps_in_a_row: left gradient tracking switched off
import torch


def sgd_step(params, lr):
    torch.set_grad_enabled(False)       # instead of `with torch.no_grad():`, never switched back
    for p in params:
        if p.grad is None:
            continue
        p -= lr * p.grad
        p.grad = None
