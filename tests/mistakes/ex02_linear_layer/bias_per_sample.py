# expect: batch_matches: the bias is added per sample
# expect: single_sample: the bias was added as a column


def linear_forward(x, W, b):
    out = x @ W.T
    return out + b.unsqueeze(1)
