# expect: one_hot_single_label: not `len(labels)`
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(len(labels), num_classes, device=labels.device)   # batches only
    out[torch.arange(len(labels)), labels] = 1.0
    return out


def cross_entropy(scores, target):
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
