"""A correct solution whose __main__ block would loop forever if the grader ran it."""
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(11, 20), nn.Linear(20, 12), nn.Linear(12, 6),
                         nn.Linear(6, 4), nn.Softmax(dim=-1))


if __name__ == "__main__":
    while True:
        pass
