# expect: stable_for_large_scores: without subtracting each row's maximum first
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    m = scores.argmax(dim=1, keepdim=True)            # the index of the max, not the max
    shifted = scores - m
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
