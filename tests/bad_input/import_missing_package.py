import tensorflow as tf  # noqa: F401


def make_model():
    raise AssertionError("never reached")
