# expect: initialises_in_place: changed none
import copy
from torch import nn


def init_weights(model):
    model = copy.deepcopy(model)        # don't modify the caller's model
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model
