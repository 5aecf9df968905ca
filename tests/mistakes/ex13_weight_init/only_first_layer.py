# expect: weights_follow_kaiming_uniform: Linear layer 2 (64 -> 48): the weights were not changed
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
            return        # done
