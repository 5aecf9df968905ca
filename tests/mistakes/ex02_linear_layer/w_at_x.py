# expect: batch_matches: it computes `W @ x + b`


def linear_forward(x, W, b):
    # y = Wx + b, as in the lecture notes
    return W @ x + b
