# expect: written_by_hand: calls `F.cross_entropy`
import torch
import torch.nn.functional as F


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    return F.cross_entropy(scores, target)
