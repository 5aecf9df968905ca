# exercise: ex04_softmax_head
# at most: 0
# A Mistake raised at import whose facts hold an array (the decoder can put one anywhere).
import numpy as np
import torch
from torch import nn

class Mistake(Exception):
    facts = {"kind": np.zeros(3)}

raise Mistake("x")
