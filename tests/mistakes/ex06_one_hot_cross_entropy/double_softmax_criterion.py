# expect: loss_with_class_indices: a double softmax
# expect: loss_with_one_hot_targets: a double softmax
# expect: written_by_hand: calls `F.cross_entropy`
import torch
from torch import nn


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    probs = torch.softmax(scores, dim=1)         # probabilities fed to CrossEntropyLoss
    return nn.CrossEntropyLoss()(probs, target)
