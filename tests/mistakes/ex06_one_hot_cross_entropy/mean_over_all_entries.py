# expect: loss_with_one_hot_targets: averages over all N x C entries
# expect: loss_with_class_indices: averages over all N x C entries
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    if not target.is_floating_point():
        target = one_hot(target, scores.shape[1])
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    return -(target * log_probs).mean()          # divides by N * C, not N
