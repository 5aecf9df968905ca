"""torchgrade: auto-graded PyTorch exercises. The engine lives in `graders.core`, one suite per
exercise in `graders.suites`. Kept import-light: workers import parts of this package."""

__version__ = "0.1.0"
