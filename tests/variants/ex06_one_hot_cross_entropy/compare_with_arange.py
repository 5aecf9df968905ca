# variant: one-hot by comparing with arange; float64 inside, float32 out; gather for indices
import torch


def one_hot(labels, num_classes):
    classes = torch.arange(num_classes, device=labels.device)
    return (labels.unsqueeze(-1) == classes).to(torch.float32)


def cross_entropy(scores, target):
    s = scores.double()
    s = s - s.amax(dim=1, keepdim=True)
    log_probs = s - s.exp().sum(dim=1, keepdim=True).log()
    if target.dtype in (torch.int64, torch.int32):
        nll = -log_probs.gather(1, target.view(-1, 1)).view(-1)
    else:
        nll = -(target.double() * log_probs).sum(dim=1)
    return nll.mean().to(scores.dtype)
