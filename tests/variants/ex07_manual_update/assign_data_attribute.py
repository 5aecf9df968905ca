"""variant: p.data = p.data - lr * p.grad (assigning .data keeps the same Parameter object); grad set to None"""


def sgd_step(params, lr):
    for p in params:
        p.data = p.data - lr * p.grad
        p.grad = None
