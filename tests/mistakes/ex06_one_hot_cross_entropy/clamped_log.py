# expect: stable_for_large_scores: kept finite by a clamp or a small epsilon
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    probs = torch.softmax(scores, dim=1)
    log_probs = torch.log(probs.clamp(min=1e-12))    # no more -inf, but no longer the loss
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
