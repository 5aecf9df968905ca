# expect: equals_nn_linear: cut off from autograd
import torch


def linear_forward(x, W, b):
    out = x.detach().cpu().numpy() @ W.detach().cpu().numpy().T + b.detach().cpu().numpy()
    return torch.from_numpy(out).to(x.device)
