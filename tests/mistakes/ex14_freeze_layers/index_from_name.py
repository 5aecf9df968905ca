# expect: requires_grad_flags_exact: ReLUs and other modules are not layers here
import torch


def freeze_first_layers(model, n):
    for name, p in model.named_parameters():
        layer_idx = int(name.split(".")[0])          # "0.weight" -> 0
        if layer_idx < n:
            p.requires_grad = False


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
