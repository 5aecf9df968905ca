import torch


def sgd_step(params, lr):
    with torch.no_grad():
        for i in range(len(params)):
            new_value = params[i] - lr * params[i].grad
            params[i].copy_(new_value)
            params[i].grad = torch.zeros_like(params[i])
