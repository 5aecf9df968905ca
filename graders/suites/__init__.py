"""One module per exercise, named like its stub in exercises/ and its reference in solutions/."""
