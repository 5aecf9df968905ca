# expect: one_hot_dtype_and_device: has dtype int64; the spec asks for float32
import torch


def one_hot(labels, num_classes):
    out = labels.new_zeros(*labels.shape, num_classes)     # inherits int64 from labels
    out.scatter_(-1, labels.unsqueeze(-1), 1)
    return out


def cross_entropy(scores, target):
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
