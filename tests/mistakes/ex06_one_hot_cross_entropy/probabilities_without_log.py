# expect: loss_with_class_indices: without the log
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    shifted = scores - scores.max(dim=1, keepdim=True).values
    probs = shifted.exp() / shifted.exp().sum(dim=1, keepdim=True)
    if target.is_floating_point():
        return -(target * probs).sum(dim=1).mean()        # forgot the log
    return -probs[torch.arange(len(target)), target].mean()
