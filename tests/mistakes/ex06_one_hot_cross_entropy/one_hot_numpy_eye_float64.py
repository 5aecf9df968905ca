# expect: one_hot_dtype_and_device: has dtype float64; the spec asks for float32
import numpy as np
import torch


def one_hot(labels, num_classes):
    return torch.from_numpy(np.eye(num_classes))[labels]       # float64 rows


def cross_entropy(scores, target):
    log_probs = scores - torch.logsumexp(scores, dim=1, keepdim=True)
    if target.is_floating_point():
        return -(target * log_probs).sum(dim=1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
