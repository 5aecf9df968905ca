# expect: requires_grad_flags_exact: ReLU
import torch


def freeze_first_layers(model, n):
    for m in list(model.modules())[1:n + 1]:      # skip the container itself
        for p in m.parameters():
            p.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
