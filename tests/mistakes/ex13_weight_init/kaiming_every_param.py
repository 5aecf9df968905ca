# expect: weights_follow_kaiming_uniform: bias
from torch import nn


def init_weights(model):
    for name, p in model.named_parameters():
        nn.init.kaiming_uniform_(p, nonlinearity="relu")
