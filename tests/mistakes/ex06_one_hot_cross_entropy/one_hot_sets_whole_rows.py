# expect: one_hot_encodes_labels: asks for a single 1.0 in column
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    out[labels] = 1.0                         # sets whole rows, not one cell per row
    return out


def cross_entropy(scores, target):
    log_probs = scores - torch.logsumexp(scores, dim=1, keepdim=True)
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
