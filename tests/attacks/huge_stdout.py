import os

CHUNK = "x" * (1 << 20) + "\n"


def make_model():
    for _ in range(200):                     # 200 MiB
        print(CHUNK, end="")
    os.write(1, CHUNK.encode() * 8)
    from torch import nn
    return nn.Sequential(nn.Linear(11, 4))
