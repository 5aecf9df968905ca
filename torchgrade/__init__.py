"""torchgrade from a notebook: `from torchgrade import learner; learner.check("ex04")`.

The grader itself is the `graders` package and the `grade` command.
"""
