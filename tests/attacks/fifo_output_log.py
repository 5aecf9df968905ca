"""Replace the worker's old output file with a FIFO, then crash: reopening it by path would
block the grader forever, outside every deadline."""
import os
import signal


def make_model():
    try:
        os.unlink("output.log")
    except OSError:
        pass
    os.mkfifo("output.log")
    os.kill(os.getpid(), signal.SIGSEGV)
