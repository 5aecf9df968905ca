"""The reference's observations, recorded at release time and replayed where the solution is
not shipped (`grade release`).

A learner's bundle holds the suites and, per exercise, what the reference's probes returned
on a few public seeds. Checking against it replays each check on the learner's code with one
of those seeds: a probe call whose arguments were recorded gets the recorded observation,
so the messages and hints are the instructor grader's own. The grade of record is untouched:
`grade class` draws a fresh seed and runs the live reference.

A recording is one wire frame per exercise (JSON plus raw arrays, never pickle):
    {"format": 1, "suite": DIGEST, "seeds": [...], "calls": {KEY: observation}}
KEY names the seed, the probe's source and the call's arguments (as `Runner.call` keys them).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from graders.core import suite as suites
from graders.worker import wire

FORMAT = 1
SEEDS = (1, 2, 3)               # public: anyone holding the bundle may read them
MAX_BYTES = 256 << 20           # one exercise's recording


class RecordingError(RuntimeError):
    """A recording that is missing, damaged or made for other suites."""


class NotRecorded(LookupError):
    """A probe call the recording does not hold: the learner's code led the check where the
    reference never went at release time."""


def call_key(seed: int, probe_key: str) -> str:
    return f"{seed}:{hashlib.sha256(probe_key.encode()).hexdigest()}"


def suite_digest(s: suites.Suite) -> str:
    """The suite file's hash: a recording replays only the checks it was made with."""
    return hashlib.sha256(Path(s.module.__file__).read_bytes()).hexdigest()


def path_for(recorded_dir: Path, name: str) -> Path:
    return recorded_dir / f"{name}.tgw"


def save(path: Path, s: suites.Suite, seeds: list[int], calls: dict[str, Any]) -> int:
    frame = wire.encode({"format": FORMAT, "suite": suite_digest(s), "seeds": list(seeds),
                         "calls": calls}, max_bytes=MAX_BYTES,
                        tensor_hook=wire.observation_hook)
    path.write_bytes(frame)
    return len(frame)


class Recording:
    """One exercise's recorded reference observations."""

    def __init__(self, path: Path, s: suites.Suite):
        try:
            doc = wire.decode(path.read_bytes(), max_bytes=MAX_BYTES)
        except (OSError, wire.WireError) as exc:
            raise RecordingError(f"the recorded reference for {s.name} cannot be read "
                                 f"({exc}): reinstall the course bundle") from None
        if (type(doc) is not dict or doc.get("format") != FORMAT
                or type(doc.get("calls")) is not dict or type(doc.get("seeds")) is not list):
            raise RecordingError(f"the recorded reference for {s.name} is damaged: reinstall "
                                 "the course bundle")
        if doc.get("suite") != suite_digest(s):
            raise RecordingError(f"the recorded reference for {s.name} was made for another "
                                 "version of its checks: reinstall the course bundle")
        self.seeds = [int(x) for x in doc["seeds"]]
        self.calls: dict[str, Any] = doc["calls"]

    def lookup(self, seed: int, probe_key: str) -> Any:
        key = call_key(seed, probe_key)
        if key not in self.calls:
            raise NotRecorded(key)
        return self.calls[key]
