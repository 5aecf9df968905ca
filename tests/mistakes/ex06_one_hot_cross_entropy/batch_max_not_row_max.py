# expect: stable_for_large_scores: each ROW's maximum
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    m = scores.max()                                   # one max for the whole batch
    log_probs = scores - m - torch.log(torch.exp(scores - m).sum(dim=1, keepdim=True))
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
