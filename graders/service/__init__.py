"""A per-user grading service: a warm grader that outlives one command.

A `grade check` pays ~3 s to import torch twice (the grader and its worker template) for
~0.2 s of checks. The first `grade check` (or `learner.check` in a notebook) starts a service
in the background; it imports torch once, keeps its worker templates warm, and grades every
later request of that user, so a repeated check costs its checks and little else.

- `place`: where a user's services listen (a folder only that user can open), what makes two
  commands share one (same Python, same package, same grading environment), the framing.
- `client`: the `grade` entry point; sends `grade check` and notebook checks to the service,
  starting it when none answers, and grades in its own process when the service cannot be used.
- `server`: the service itself; one request at a time, each graded by the same code the
  command runs, with workers forked from a warm template, exactly as before: learner code
  reaches the service only through confined workers.

The service stops after `TORCHGRADE_SERVICE_IDLE` seconds without a request (default 600),
on `grade service stop`, and by itself when the package or a course it loaded changed on disk
(the next command starts a fresh one). `TORCHGRADE_SERVICE=off` or `grade check --no-service`
grades in the command's own process. Kept import-light: the client must not import torch.
"""
