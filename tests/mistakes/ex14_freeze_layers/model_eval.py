# expect: frozen_params_do_not_move: `model.eval()`
import torch


def freeze_first_layers(model, n):
    model.eval()


def make_finetune_optimizer(model, lr):
    return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
