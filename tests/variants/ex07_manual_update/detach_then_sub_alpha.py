"""variant: in-place sub_ on p.detach() (shares storage with p), no no_grad block; grads zeroed with fill_"""


def sgd_step(params, lr):
    for p in params:
        p.detach().sub_(p.grad, alpha=lr)
        p.grad.fill_(0.0)
