"""Point the worker's old output file at a correct variant (readable by the grader, not by
the worker), then crash: the grader once reopened `output.log` by path after a crash and
showed the last lines of whatever it pointed to as "Its last output"."""
import os
import signal
from pathlib import Path

VARIANT = Path("tests", "variants", "ex04_softmax_head", "module_subclass.py")


def make_model():
    target = Path("/work/main") / VARIANT
    for root in Path(__file__).resolve().parents:
        if (root / VARIANT).exists():
            target = root / VARIANT
    for name in ("output.log", "../output.log"):
        try:
            os.unlink(name)
        except OSError:
            pass
        try:
            os.symlink(target, name)
        except OSError:
            pass
    print("about to crash")
    os.kill(os.getpid(), signal.SIGSEGV)
