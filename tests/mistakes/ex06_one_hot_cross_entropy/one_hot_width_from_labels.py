# expect: one_hot_encodes_labels: without `num_classes` guesses the width
# expect: one_hot_encodes_labels: should have `num_classes`
import torch
import torch.nn.functional as F


def one_hot(labels, num_classes):
    return F.one_hot(labels).float()       # num_classes forgotten: width = largest label + 1


def cross_entropy(scores, target):
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
