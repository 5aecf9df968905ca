

def linear_forward(x, W, b):
    single = x.ndim == 1
    if single:
        x = x.unsqueeze(0)
    out = x.mm(W.T)
    out = out + b.unsqueeze(0)               # (1, out) row, broadcast over the batch
    return out.squeeze(0) if single else out
