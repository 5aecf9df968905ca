"""`parameters_to_vector` flattens the chosen parameters into one vector; count its length."""
import torch
from torch import nn
from torch.nn.utils import parameters_to_vector


def make_model(hidden):
    model = nn.Sequential()
    model.add_module("fc1", nn.Linear(8, hidden))
    model.add_module("fc2", nn.Linear(hidden, 1))
    return model


def count_parameters(model, trainable_only=False):
    params = [p for p in model.parameters() if p.requires_grad or not trainable_only]
    if not params:
        return 0
    return parameters_to_vector(params).numel()


if __name__ == "__main__":
    print(count_parameters(make_model(4)))     # 41
