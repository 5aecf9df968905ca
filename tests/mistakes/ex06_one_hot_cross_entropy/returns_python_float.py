# expect: loss_with_class_indices: should be a tensor, but it is a `float`
# expect: loss_with_one_hot_targets: should be a tensor, but it is a `float`
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    log_probs = scores - torch.logsumexp(scores, dim=1, keepdim=True)
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean().item()
    return -log_probs[torch.arange(len(target)), target].mean().item()
