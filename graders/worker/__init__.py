"""The worker side: code that runs in the sandboxed process, next to learner code.

Nothing here decides a verdict, and nothing here imports `graders.core` (the trusted side):
the template, the confinement it applies to itself, the probes' helpers (`kit`) and the frame
format (`wire`, which the trusted side also uses to decode what comes back).
"""
