import os
import time


def make_model():
    pid = os.fork()
    if pid == 0:
        os.setsid()                          # leaves the worker's process group
        if os.fork() == 0:
            time.sleep(10**6)                # holds the worker's pipes, forever
        os._exit(0)
    os.waitpid(pid, 0)
    from torch import nn
    return nn.Sequential(nn.Linear(11, 4), nn.Softmax(dim=-1))
