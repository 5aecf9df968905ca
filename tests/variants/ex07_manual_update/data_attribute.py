import torch


def sgd_step(params, lr):
    # the older idiom: `.data` is the tensor without autograd tracking
    for p in params:
        if p.grad is not None:
            p.data -= lr * p.grad.data
            p.grad.data.zero_()
