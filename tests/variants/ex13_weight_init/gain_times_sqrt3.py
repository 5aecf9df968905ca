# variant: bound = calculate_gain('relu') * sqrt(3 / fan_in), .data.uniform_ and .data.zero_()
import math
import torch.nn as nn


def init_weights(model):
    gain = nn.init.calculate_gain("relu")
    for name, module in model.named_modules():
        if isinstance(module, nn.Linear):
            fan_in = module.in_features
            std = gain / math.sqrt(fan_in)
            bound = math.sqrt(3.0) * std
            module.weight.data.uniform_(-bound, bound)
            module.bias.data.zero_()
