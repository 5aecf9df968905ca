# exercise: ex04_softmax_head
# at most: 0
# An exception whose facts cannot even be read.
from torch import nn
class Mistake(Exception):
    @property
    def facts(self):
        raise ValueError("boom")
def make_model():
    raise Mistake("x")
