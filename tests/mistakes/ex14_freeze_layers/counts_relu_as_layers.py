# expect: requires_grad_flags_exact: ReLUs and other modules are not layers here
import torch


def freeze_first_layers(model, n):
    for layer in list(model.children())[:n]:
        for p in layer.parameters():
            p.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
