# expect: loss_with_class_indices: runs over the batch (dim=0)
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    shifted = scores - scores.max(dim=0, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=0, keepdim=True).log()
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
