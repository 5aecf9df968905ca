"""The transport: what crosses from a worker is data, parsed strictly, or it is refused."""
from __future__ import annotations

import json
import math
import random
import struct

import numpy as np
import pytest

from graders.worker import wire
from graders.worker.wire import TensorObs, Unsupported, WireError


def _frame(tree, arrays=(), blob=b""):
    body = json.dumps({"tree": tree, "arrays": list(arrays)}).encode()
    return wire.PREFIX.pack(wire.MAGIC, len(body), len(blob)) + body + blob


class FakeTensor:
    def __init__(self, array):
        self.array = array


def _tensor_hook(value):
    if isinstance(value, FakeTensor):
        return {"array": value.array, "dtype": "float32", "device": "cpu", "requires_grad": True,
                "grad_fn": "AddBackward0", "type": "Parameter"}
    return None


def test_values_round_trip():
    """Does every kind of value a probe returns come back equal, with its type?"""
    tree = {"none": None, "flag": True, "n": 3, "x": 2.5, "s": "é", "nan": math.nan,
            "inf": -math.inf, "list": [1, [2, 3]], "tuple": (1, "a"), 7: "int key",
            "arr": np.arange(6, dtype=np.int64).reshape(2, 3),
            "scalar": np.float32(1.5), "bool_scalar": np.bool_(True)}
    out = wire.decode(wire.encode(tree))
    assert out["none"] is None and out["flag"] is True and out["n"] == 3 and out["s"] == "é"
    assert math.isnan(out["nan"]) and out["inf"] == -math.inf
    assert out["list"] == [1, [2, 3]] and out["tuple"] == (1, "a") and out[7] == "int key"
    assert out["arr"].dtype == np.int64 and out["arr"].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert type(out["scalar"]) is np.float32 and out["scalar"] == 1.5
    assert type(out["bool_scalar"]) is np.bool_


def test_tensor_facts_cross_with_the_values():
    """Does a tensor arrive as its values plus device, dtype, grad_fn and type name?"""
    t = FakeTensor(np.ones((2, 3), dtype=np.float32))
    out = wire.decode(wire.encode([t], tensor_hook=_tensor_hook))[0]
    assert isinstance(out, TensorObs) and out.shape == (2, 3) and out.grad_fn == "AddBackward0"
    assert out.type_name == "Parameter" and out.requires_grad


def test_unknown_objects_cross_as_their_type_name_only():
    """Does an arbitrary object cross as a type name, never as something with methods?"""
    class Liar:
        def __eq__(self, other):
            return True
    out = wire.decode(wire.encode({"v": Liar()}))["v"]
    assert isinstance(out, Unsupported) and out.type_name.endswith("Liar")


def test_object_arrays_are_refused():
    with pytest.raises(WireError):
        wire.encode(np.array([object()], dtype=object))


@pytest.mark.parametrize("frame", [
    b"XXXX" + bytes(12),
    wire.PREFIX.pack(wire.MAGIC, 10, 0) + b"{}",
    wire.PREFIX.pack(wire.MAGIC, wire.MAX_JSON_BYTES + 1, 0),
    wire.PREFIX.pack(wire.MAGIC, 2, 1 << 40) + b"{}",
    _frame({"$evil": 1}),
    _frame({"$a": 0, "$f": "nan"}),
    _frame({"$a": 0}),
    _frame({"$a": 0}, [["object", [1], 0, 8]], bytes(8)),
    _frame({"$a": 0}, [["float32", [3], 0, 8]], bytes(8)),
    _frame({"$a": 0}, [["float32", [2], 4, 8]], bytes(8)),
    _frame({"$a": 0}, [["float32", [-2], 0, 8]], bytes(8)),
    _frame({"$f": "1e400"}),
    _frame({"$np": {"dtype": "int8", "v": 1000}}),
    _frame({"$t": {"a": 0}}),
    _frame({"$u": {"type": 3}}),
    _frame(None) + b"trailing",
    wire.PREFIX.pack(wire.MAGIC, 3, 0) + b"NaN",
    wire.PREFIX.pack(wire.MAGIC, 4, 0) + b"\xff\xfe\x00\x00",
], ids=["magic", "short", "json-cap", "blob-cap", "unknown-tag", "two-tags", "no-array",
        "object-dtype", "size-mismatch", "past-blob", "negative-dim", "bad-float",
        "scalar-overflow", "tensor-missing-facts", "bad-type-name", "trailing-bytes",
        "bare-nan", "not-utf8"])
def test_malformed_frames_are_refused(frame):
    """Is each malformed frame a WireError, and nothing else?"""
    with pytest.raises(WireError):
        wire.decode(frame)


def test_deep_nesting_is_refused():
    """Is a frame nested deep enough to blow the parser's stack refused cleanly?"""
    deep = "[" * 100_000 + "]" * 100_000
    body = ('{"tree": ' + deep + ', "arrays": []}').encode()
    with pytest.raises(WireError):
        wire.decode(wire.PREFIX.pack(wire.MAGIC, len(body), 0) + body)


def test_mutated_frames_never_raise_anything_but_wire_errors():
    """Does decoding 3000 randomly corrupted frames only ever succeed or raise WireError?"""
    rng = random.Random(1234)
    good = wire.encode({"out": np.ones((4, 3), np.float32), "n": [1, 2.5, None],
                        "t": (np.int64(3), "x")})
    for _ in range(3000):
        frame = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            kind = rng.random()
            pos = rng.randrange(len(frame))
            if kind < 0.5:
                frame[pos] = rng.randrange(256)
            elif kind < 0.75:
                del frame[pos:pos + rng.randint(1, 8)]
            else:
                frame[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        if len(frame) >= 16 and rng.random() < 0.5:      # keep the prefix consistent
            jlen = max(0, len(frame) - 16 - struct.unpack(">Q", bytes(frame[8:16]))[0])
            frame[4:8] = struct.pack(">I", min(jlen, wire.MAX_JSON_BYTES))
        try:
            wire.decode(bytes(frame))
        except WireError:
            pass
