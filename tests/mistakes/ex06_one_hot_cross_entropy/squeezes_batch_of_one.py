# expect: one_hot_single_label: a squeeze that drops the batch of one
import torch
import torch.nn.functional as F


def one_hot(labels, num_classes):
    # flatten so one code path works, then squeeze so a single label gives (C,)
    return F.one_hot(labels.view(-1), num_classes).float().squeeze()


def cross_entropy(scores, target):
    log_probs = scores - torch.logsumexp(scores, dim=1, keepdim=True)
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
