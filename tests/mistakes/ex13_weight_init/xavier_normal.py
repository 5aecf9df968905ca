# expect: weights_follow_kaiming_uniform: normally distributed
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.xavier_normal_(m.weight)
            nn.init.zeros_(m.bias)
