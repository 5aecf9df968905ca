# expect: biases_are_zero: the bias is not zero
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            nn.init.constant_(m.bias, 0.01)     # "small positive bias for ReLU"
