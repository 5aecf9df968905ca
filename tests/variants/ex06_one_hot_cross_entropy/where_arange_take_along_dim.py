"""variant: torch.where on a comparison with arange; take_along_dim; log-sum-exp with the max added back"""
import torch


def one_hot(labels, num_classes):
    classes = torch.arange(num_classes, device=labels.device)
    return torch.where(labels[..., None] == classes, 1.0, 0.0).float()


def _logsumexp(x):
    m = x.max(dim=1, keepdim=True)[0]
    return m.squeeze(1) + (x - m).exp().sum(dim=1).log()


def cross_entropy(scores, target):
    if target.is_floating_point():
        target = target.argmax(dim=1)
    own = torch.take_along_dim(scores, target[:, None], dim=1)[:, 0]
    return torch.mean(_logsumexp(scores) - own)
