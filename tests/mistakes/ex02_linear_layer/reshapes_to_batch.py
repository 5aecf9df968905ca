# expect: single_sample: a batch dimension was added


def linear_forward(x, W, b):
    x = x.reshape(-1, W.shape[1])      # make sure x is (N, in_features)
    return x @ W.T + b
