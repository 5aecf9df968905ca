"""`python -m graders` is the `grade` command."""
from graders.service.client import main

main()
