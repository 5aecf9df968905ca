# expect: single_sample: the batch dimension was dropped


def linear_forward(x, W, b):
    return (x @ W.T + b).squeeze()
