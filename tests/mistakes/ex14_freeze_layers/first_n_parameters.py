# expect: requires_grad_flags_exact: count `nn.Linear` layers, not parameters
import torch


def freeze_first_layers(model, n):
    for p in list(model.parameters())[:n]:
        p.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
