# expect: batch_matches: `W` is not transposed
# expect: single_sample: `W` is not transposed


def linear_forward(x, W, b):
    return x @ W + b
