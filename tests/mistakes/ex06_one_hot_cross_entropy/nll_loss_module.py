# expect: written_by_hand: `F.nll_loss` (or `nn.NLLLoss`)
import torch


def one_hot(labels, num_classes):
    out = torch.zeros(*labels.shape, num_classes, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)


def cross_entropy(scores, target):
    if target.is_floating_point():
        target = target.argmax(dim=1)
    log_probs = scores - torch.logsumexp(scores, dim=1, keepdim=True)
    return torch.nn.NLLLoss()(log_probs, target)
