# expect: parameters_stay_trainable: `params[0]` no longer requires grad
def sgd_step(params, lr):
    for p in params:
        p.requires_grad = False      # "so the in-place update is allowed"
        p -= lr * p.grad
        p.grad = None
