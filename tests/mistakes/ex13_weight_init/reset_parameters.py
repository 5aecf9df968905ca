# expect: weights_follow_kaiming_uniform: PyTorch's default initialisation
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            m.reset_parameters()
            nn.init.zeros_(m.bias)
