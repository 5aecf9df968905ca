"""Exercise 06: one-hot labels and the cross-entropy loss, by hand.

A classifier's last layer gives each sample one raw score per class (its "logits"). The
cross-entropy loss turns them into log-probabilities with a log-softmax and takes the negative
log-probability of the right class, averaged over the batch. `nn.CrossEntropyLoss` does this
for you; here you write it yourself, to see what it does and why it never overflows.

1. `one_hot(labels, num_classes)`: `labels` is an int64 tensor of class indices, each in
   `0 .. num_classes - 1`, of any shape: a single label (a 0-d tensor such as
   `torch.tensor(1)`) or a batch of shape (N,). Return a float32 tensor of shape
   `labels.shape + (num_classes,)`, on the same device as `labels`: 1.0 at each label's
   index, 0.0 elsewhere. The width is always `num_classes`, even when the highest classes do
   not occur among the labels.

2. `cross_entropy(scores, target)`: `scores` is a float tensor of raw scores of shape (N, C)
   (no softmax applied yet). `target` is either
   - class indices: an int64 tensor of shape (N,), or
   - one-hot rows: a float tensor of shape (N, C), as `one_hot` returns.
   Return the mean over the N samples of the negative log-probability of each sample's class,
   as a 0-d float tensor: the same value as `nn.CrossEntropyLoss()(scores, target)`, for both
   kinds of target. Compute the log-softmax yourself, then the negative log-likelihood:

       log_probs = scores - m - log(sum(exp(scores - m)))    # per row; m = the row's maximum
       loss      = -(log-probability of each sample's class), averaged over the batch

   Subtracting each row's maximum `m` changes nothing mathematically but keeps `exp` from
   overflowing: your loss must stay finite for scores of 1000 or -1000 (`exp(1000)` is inf,
   in float32 and float64 alike). `torch.logsumexp` is allowed; `nn.CrossEntropyLoss`,
   `F.cross_entropy`, `F.nll_loss` and any `log_softmax` are not: they are what you are
   writing.

Example:
    one_hot(torch.tensor(1), 3)                  # tensor([0., 1., 0.])
    scores = torch.tensor([[0.1, 6.0, -2.0, 3.2]])
    label = torch.tensor([2])
    cross_entropy(scores, label)                 # tensor(8.0619)
    cross_entropy(scores, one_hot(label, 4))     # tensor(8.0619), the same
    nn.CrossEntropyLoss()(scores, label)         # tensor(8.0619), PyTorch agrees
"""
import torch
from torch import nn


def one_hot(labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """Float32 one-hot rows for int64 class indices: shape `labels.shape + (num_classes,)`."""
    # TODO(ex06): a float32 tensor of zeros with a 1.0 at each label's index.
    ### BEGIN SOLUTION: write one_hot
    out = torch.zeros(*labels.shape, num_classes, dtype=torch.float32, device=labels.device)
    return out.scatter_(-1, labels.unsqueeze(-1), 1.0)      # a 1.0 at each label's column
    ### END SOLUTION


def cross_entropy(scores: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """The mean cross-entropy of raw `scores` (N, C) against class indices (N,) or one-hot
    rows (N, C), as a 0-d tensor."""
    # TODO(ex06): a stable log-softmax of the scores, then the mean negative log-likelihood.
    ### BEGIN SOLUTION: write cross_entropy
    shifted = scores - scores.max(dim=1, keepdim=True).values        # (N, C), each row <= 0
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    if target.is_floating_point():                                   # one-hot rows (N, C)
        picked = (target * log_probs).sum(dim=1)
    else:                                                            # class indices (N,)
        picked = log_probs.gather(1, target.unsqueeze(1)).squeeze(1)
    return -picked.mean()
    ### END SOLUTION


if __name__ == "__main__":
    print(one_hot(torch.tensor(1), 3))
    scores = torch.tensor([[0.1, 6.0, -2.0, 3.2]])
    label = torch.tensor([2])
    print(cross_entropy(scores, label), cross_entropy(scores, one_hot(label, 4)))
    print(nn.CrossEntropyLoss()(scores, label))
    print(cross_entropy(scores * 1000, label))      # large scores: still finite
