# expect: clears_gradients: `params[0].grad` still holds its gradient (and 4 more)
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
        p.grad = None                    # after the loop: only the last parameter
