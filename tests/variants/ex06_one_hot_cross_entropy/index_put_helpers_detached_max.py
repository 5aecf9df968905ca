"""variant: index assignment into a zeros tensor via index_put_; detached row max; an nll helper"""
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(labels.numel(), num_classes, dtype=torch.float32, device=labels.device)
    out.index_put_((torch.arange(labels.numel(), device=labels.device), labels.flatten()),
                   torch.tensor(1.0, device=labels.device))
    return out.reshape(labels.shape + (num_classes,))


def log_softmax_rows(scores):
    m = scores.max(dim=-1, keepdim=True).values.detach()
    z = scores - m
    return z - z.exp().sum(dim=-1, keepdim=True).log()


def nll(log_probs, target):
    if target.dtype.is_floating_point:
        return -(log_probs * target).sum(-1)
    return -log_probs.gather(-1, target.unsqueeze(-1)).squeeze(-1)


def cross_entropy(scores, target):
    return nll(log_softmax_rows(scores), target).mean()
