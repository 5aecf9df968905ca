# expect: one_hot_encodes_labels: has shape (
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(num_classes, len(labels), device=labels.device)
    out[labels, torch.arange(len(labels))] = 1.0
    return out


def cross_entropy(scores, target):
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
