# variant: rows of an identity matrix; log-softmax through torch.logsumexp; fancy indexing
import torch


def one_hot(labels, num_classes):
    return torch.eye(num_classes, device=labels.device)[labels]


def cross_entropy(scores, target):
    log_probs = scores - torch.logsumexp(scores, dim=1, keepdim=True)
    if target.dim() == 2:
        picked = (target * log_probs).sum(dim=1)
    else:
        picked = log_probs[torch.arange(len(target)), target]
    return -picked.mean()
