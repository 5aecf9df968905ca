"""Keep reference-solution text out of anything a learner reads.

Where the worker is confined it cannot read solutions/ at all, and its text is shown as it
is: hiding a reference line there would answer a learner who guesses lines in an exception
message, line by line. Where it is not (macOS, Windows, a kernel without Landlock), learner
code could read the reference and echo it in an exception message or a warning; every
learner-supplied string shown in feedback then passes through `Redactor.clean`, which hides
each line that is in the solution but not in the stub.
"""
from __future__ import annotations

MIN_LINE = 12   # shorter lines ("return x", "import torch") are not worth hiding


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


class Redactor:
    """Hides reference lines from one learner's feedback, except lines they wrote themselves."""

    def __init__(self, solution: str, stub: str = "", learner: str = ""):
        public = _lines(stub) | _lines(learner)
        self.secret = sorted((s for s in _lines(solution) - public if len(s) >= MIN_LINE),
                             key=len, reverse=True)
        self.own = sorted((s for s in _lines(learner) if len(s) >= MIN_LINE), key=len,
                          reverse=True)

    def clean(self, text: str) -> str:
        if not text or not self.secret:
            return text
        # The learner's own lines are theirs to read, even where a reference line is part of
        # one (`return nn.Sequential(` in their `return nn.Sequential(nn.Linear(8, 1))`):
        # set them aside while hiding, so neither is mangled nor the reference's text told.
        kept = {}
        for line in self.own:
            if line in text:
                token = f"\x00{len(kept)}\x00"
                kept[token] = line
                text = text.replace(line, token)
        for line in self.secret:
            if line in text:
                text = text.replace(line, "[hidden: text of the reference solution]")
        for token, line in kept.items():
            text = text.replace(token, line)
        return text
