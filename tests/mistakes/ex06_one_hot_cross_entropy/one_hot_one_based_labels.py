# expect: one_hot_encodes_labels: (counting from 0)
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, (labels - 1).unsqueeze(-1) % num_classes, 1.0)   # "class 1 is the first column"


def cross_entropy(scores, target):
    log_probs = scores - torch.logsumexp(scores, dim=1, keepdim=True)
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
