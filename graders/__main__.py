"""`python -m graders` is the `grade` command."""
from graders.core.cli import main

main(prog_name="grade")
