# expect: single_sample: a batch dimension was added


def linear_forward(x, W, b):
    if x.dim() == 1:
        x = x.unsqueeze(0)          # layers work on batches
    return x @ W.T + b
