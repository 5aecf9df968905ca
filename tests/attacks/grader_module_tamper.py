"""Tamper with the grader's own modules inside the worker: worker, wire, kit."""
import sys


def make_model():
    for name in list(sys.modules):
        if name.startswith("graders"):
            module = sys.modules[name]
            for attr in dir(module):
                if attr.startswith("_"):
                    continue
                try:
                    setattr(module, attr, None)
                except Exception:
                    pass
    from torch import nn
    return nn.Sequential(nn.Linear(11, 4))
