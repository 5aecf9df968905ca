# expect: weights_follow_kaiming_uniform: PyTorch's default initialisation
import math
from torch import nn


def init_weights(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, a=math.sqrt(5))    # copied from nn.Linear's source
            nn.init.zeros_(m.bias)
