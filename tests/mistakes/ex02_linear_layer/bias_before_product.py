# expect: batch_matches: the bias is added to the input before the product


def linear_forward(x, W, b):
    return (x + b) @ W.T
