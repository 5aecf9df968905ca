"""Leave the temp dir as hard to remove as possible: a 5000-deep chain, folders of mode 000,
and symlinks to the course, to /tmp and to / (a cleanup that chmods through links once made
the course folder and /tmp mode 700); then return a wrong model."""
import os
import sys
from pathlib import Path

from torch import nn


def make_model():
    base = os.getcwd()
    for target, name in (("/", "root"), ("/tmp", "tmp"), (str(Path(sys.prefix)), "prefix")):
        os.symlink(target, name)
    for root in Path(__file__).resolve().parents:
        if (root / "solutions").is_dir():
            os.symlink(root, "course")
            break
    os.mkdir("locked")
    os.symlink("/tmp", "locked/tmp")
    os.mkdir("locked/inner")
    os.chmod("locked/inner", 0)
    os.chmod("locked", 0)
    os.mkdir("deep")
    os.chdir("deep")
    for _ in range(5000):
        os.mkdir("d")
        os.chdir("d")
    os.symlink("/tmp", "bottom")
    os.chdir(base)
    return nn.Sequential(nn.Linear(11, 4))
