# expect: loss_with_class_indices: divides the summed loss by the number of classes
import torch


def one_hot(labels, num_classes):
    return torch.eye(num_classes, device=labels.device)[labels]


def cross_entropy(scores, target):
    m = scores.max(dim=1, keepdim=True).values
    log_probs = scores - m - torch.log(torch.exp(scores - m).sum(dim=1, keepdim=True))
    if not target.is_floating_point():
        target = one_hot(target, scores.shape[1])
    return -(target * log_probs).sum() / target.shape[1]
