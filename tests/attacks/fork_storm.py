import os
import time


def make_model():
    for _ in range(30):                      # bounded: 30 children that sleep forever
        if os.fork() == 0:
            time.sleep(10**6)
            os._exit(0)
    from torch import nn
    return nn.Sequential(nn.Linear(11, 4), nn.Softmax(dim=-1))
