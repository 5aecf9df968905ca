# expect: clears_gradients: still holds its gradient (and 5 more)
# expect: two_steps_in_a_row: held the sum of both batches' gradients
import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad.zero_                 # missing (): nothing happens
