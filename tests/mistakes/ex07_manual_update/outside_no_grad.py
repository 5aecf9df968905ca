# expect: updates_every_parameter: a leaf Variable that requires grad is being used in an in-place operation
# expect: updates_every_parameter: `with torch.no_grad():`
# expect: two_steps_in_a_row: a leaf Variable that requires grad
def sgd_step(params, lr):
    for p in params:
        p -= lr * p.grad
        p.grad = None
