"""The frame format between the grader and a worker: JSON plus raw array bytes, never pickle.

Both sides import this module; the worker encodes what learner code produced, the trusted
parent decodes it. Decoding is strict and bounded: an unknown node, a dtype outside the
whitelist, an array whose bytes do not match its shape, or a frame over the size cap is a
`WireError`, never an object whose methods could run.

A frame:  b"TGW1" | json length (u32) | blob length (u64) | JSON | blob
The JSON is {"tree": node, "arrays": [[dtype, shape, offset, nbytes], ...]}; a node is a JSON
scalar, a list, or a one-key object tagged with "$": "$a" array, "$t" tensor, "$f" non-finite
float, "$np" numpy scalar, "$d" dict, "$tuple" tuple, "$u" unsupported object.
"""
from __future__ import annotations

import io
import json
import math
import struct
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

MAGIC = b"TGW1"
PREFIX = struct.Struct(">4sIQ")
MAX_JSON_BYTES = 16 << 20
MAX_DEPTH = 48
MAX_NODES = 200_000
MAX_NDIM = 8
MAX_DIM = 1 << 31       # one dimension's length; a forged (0, 2**70) is refused, not reshaped
# Only plain numeric dtypes cross: no object arrays, no structured or void dtypes.
DTYPES = {
    "bool": np.bool_, "uint8": np.uint8, "int8": np.int8, "int16": np.int16,
    "int32": np.int32, "int64": np.int64, "float16": np.float16,
    "float32": np.float32, "float64": np.float64,
}


def source_lines(text: str) -> list[str]:
    """`text`'s lines, ends kept, as Python counts them (\\n, \\r\\n, \\r) and not as
    str.splitlines does (which also splits at \\x0c, \\x1c-\\x1e, \\x85, U+2028 and U+2029,
    all legal inside a string literal): a load request's cell ranges count these lines."""
    return io.StringIO(text, newline="").readlines()


class WireError(ValueError):
    """A frame that does not follow the format; its contents are never used."""


class TooLarge(WireError):
    """A frame over the size cap."""


@dataclass(frozen=True)
class TensorObs:
    """A tensor as observed in the worker: its values and the facts checks ask about."""
    array: np.ndarray
    dtype: str            # torch's name, e.g. "float32", "bfloat16" (array is then float32)
    device: str
    requires_grad: bool
    grad_fn: str | None   # the autograd node holding it, if any
    type_name: str        # "Tensor", "Parameter", or a subclass's name

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.array.shape)


@dataclass(frozen=True)
class Unsupported:
    """A value of a type that cannot cross (a model, a function, a custom object)."""
    type_name: str
    summary: str = ""


# ----------------------------------------------------------------------------- encoding
class _Encoder:
    def __init__(self, max_bytes: int, tensor_hook: Callable[[Any], dict | None] | None,
                 strict: bool = False):
        self.strict = strict
        self.arrays: list[list] = []
        self.chunks: list[bytes] = []
        self.size = 0
        self.nodes = 0
        self.max_bytes = max_bytes
        self.tensor_hook = tensor_hook

    def add_array(self, arr: np.ndarray) -> int:
        if arr.dtype.kind == "f" and arr.dtype.name not in DTYPES:
            arr = arr.astype(np.float64)        # a long double: as float64, not refused
        name = arr.dtype.name
        if name not in DTYPES:
            raise WireError(f"arrays of dtype {name} cannot be sent")
        data = np.ascontiguousarray(arr).tobytes()
        if self.size + len(data) > self.max_bytes:
            raise TooLarge(f"more than {self.max_bytes >> 20} MiB of array data")
        self.arrays.append([name, list(arr.shape), self.size, len(data)])
        self.chunks.append(data)
        self.size += len(data)
        return len(self.arrays) - 1

    def node(self, value: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooLarge(f"more than {MAX_NODES} values")
        if depth > MAX_DEPTH:
            raise WireError(f"nested deeper than {MAX_DEPTH} levels")
        t = type(value)
        if value is None or t is bool or t is str:
            return value
        if t is int:
            return value
        if t is float:
            return value if math.isfinite(value) else {"$f": repr(value)}
        if t is list:
            return [self.node(v, depth + 1) for v in value]
        if t is tuple:
            return {"$tuple": [self.node(v, depth + 1) for v in value]}
        if t is dict:
            items = []
            for k, v in value.items():
                if type(k) not in (str, int):
                    raise WireError("dict keys must be str or int")
                items.append([k, self.node(v, depth + 1)])
            return {"$d": items}
        if t is np.ndarray:
            return {"$a": self.add_array(value)}
        if isinstance(value, np.generic) and value.dtype.name in DTYPES:
            return {"$np": {"dtype": value.dtype.name, "v": self.node(value.item(), depth + 1)}}
        if isinstance(value, np.floating):       # a long double: as float64
            return {"$np": {"dtype": "float64", "v": self.node(float(value), depth + 1)}}
        if t is Unsupported:           # an observation passed on again (a recording)
            return {"$u": {"type": value.type_name, "summary": value.summary}}
        if self.tensor_hook is not None:
            meta = self.tensor_hook(value)
            if meta is not None:
                arr = meta.pop("array")
                return {"$t": dict(meta, a=self.add_array(arr))}
        if self.strict:
            raise WireError(f"a `{_type_name(value)}` cannot be sent: only numbers, strings, "
                            "numpy arrays, and lists, tuples and dicts of them")
        return {"$u": {"type": _type_name(value), "summary": ""}}


def _type_name(value: Any) -> str:
    t = type(value)
    mod = getattr(t, "__module__", "") or ""
    name = getattr(t, "__qualname__", "?")
    return name if mod in ("builtins", "__main__", "") else f"{mod}.{name}"


def observation_hook(value: Any) -> dict | None:
    """A `tensor_hook` that sends a decoded `TensorObs` again as the tensor it describes."""
    if type(value) is not TensorObs:
        return None
    return {"array": value.array, "dtype": value.dtype, "device": value.device,
            "requires_grad": value.requires_grad, "grad_fn": value.grad_fn,
            "type": value.type_name}


def encode(tree: Any, *, max_bytes: int = 64 << 20,
           tensor_hook: Callable[[Any], dict | None] | None = None, strict: bool = False) -> bytes:
    """One frame holding `tree`; `tensor_hook` turns framework tensors into array + facts.
    `strict` (what the grader sends): a value of another type is an error, not `Unsupported`."""
    enc = _Encoder(max_bytes, tensor_hook, strict)
    body = json.dumps({"tree": enc.node(tree), "arrays": enc.arrays},
                      allow_nan=False, separators=(",", ":")).encode()
    if len(body) > MAX_JSON_BYTES:
        raise TooLarge("the JSON part is over 16 MiB")
    return PREFIX.pack(MAGIC, len(body), enc.size) + body + b"".join(enc.chunks)


# ----------------------------------------------------------------------------- decoding
def frame_sizes(prefix: bytes, max_bytes: int) -> tuple[int, int]:
    """Validate a frame's 16-byte prefix; return (json length, blob length)."""
    if len(prefix) != PREFIX.size:
        raise WireError("short frame prefix")
    magic, jlen, blen = PREFIX.unpack(prefix)
    if magic != MAGIC:
        raise WireError("bad frame magic")
    if jlen > MAX_JSON_BYTES:
        raise TooLarge("the JSON part is over 16 MiB")
    if blen > max_bytes:
        raise TooLarge(f"more than {max_bytes >> 20} MiB of array data")
    return jlen, blen


def decode(frame: bytes, *, max_bytes: int = 64 << 20,
           array_factory: Callable[[np.ndarray], Any] | None = None) -> Any:
    """Parse one whole frame; raise WireError on anything outside the format."""
    jlen, blen = frame_sizes(frame[:PREFIX.size], max_bytes)
    if len(frame) != PREFIX.size + jlen + blen:
        raise WireError("frame length does not match its prefix")
    try:
        doc = json.loads(frame[PREFIX.size:PREFIX.size + jlen].decode("utf-8"),
                         parse_constant=_reject_constant, parse_int=_bounded_int)
    except WireError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise WireError(f"unreadable frame header: {exc.__class__.__name__}") from None
    if type(doc) is not dict or set(doc) != {"tree", "arrays"}:
        raise WireError("frame header must hold exactly 'tree' and 'arrays'")
    blob = memoryview(frame)[PREFIX.size + jlen:]
    arrays = _arrays(doc["arrays"], blob, array_factory)
    return _Decoder(arrays).node(doc["tree"], 0)


def _reject_constant(name: str):
    raise WireError(f"bare {name} is not allowed in a frame")


MAX_INT_DIGITS = 20     # past int64/uint64: no check compares such a number, floats overflow


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise WireError(f"an integer with more than {MAX_INT_DIGITS} digits")
    return int(digits)


def _arrays(specs: Any, blob: memoryview, factory) -> list:
    if type(specs) is not list:
        raise WireError("'arrays' must be a list")
    out = []
    for spec in specs:
        if type(spec) is not list or len(spec) != 4:
            raise WireError("array spec must be [dtype, shape, offset, nbytes]")
        dtype, shape, offset, nbytes = spec
        if dtype not in DTYPES:
            raise WireError(f"dtype {dtype!r} is not allowed")
        if (type(shape) is not list or len(shape) > MAX_NDIM
                or any(type(d) is not int or not 0 <= d <= MAX_DIM for d in shape)):
            raise WireError("bad array shape")
        if type(offset) is not int or type(nbytes) is not int or offset < 0 or nbytes < 0:
            raise WireError("bad array offset")
        np_dtype = np.dtype(DTYPES[dtype])
        if math.prod(shape) * np_dtype.itemsize != nbytes or offset + nbytes > len(blob):
            raise WireError("array bytes do not match its shape")
        try:
            arr = np.frombuffer(blob[offset:offset + nbytes], dtype=np_dtype).reshape(shape).copy()
        except ValueError:
            raise WireError("array bytes do not match its shape") from None
        out.append(factory(arr) if factory else arr)
    return out


class _Decoder:
    def __init__(self, arrays: list):
        self.arrays = arrays
        self.nodes = 0

    def node(self, n: Any, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise WireError("frame is nested too deeply or holds too many values")
        t = type(n)
        if n is None or t in (bool, int, float, str):
            return n
        if t is list:
            return [self.node(v, depth + 1) for v in n]
        if t is not dict or len(n) != 1:
            raise WireError("objects in a frame must carry exactly one tag")
        (tag, body), = n.items()
        if tag == "$a":
            return self.array(body)
        if tag == "$f":
            if body not in ("nan", "inf", "-inf"):
                raise WireError("bad non-finite float")
            return float(body)
        if tag == "$tuple":
            if type(body) is not list:
                raise WireError("bad tuple")
            return tuple(self.node(v, depth + 1) for v in body)
        if tag == "$d":
            if type(body) is not list:
                raise WireError("bad dict")
            out = {}
            for item in body:
                if type(item) is not list or len(item) != 2 or type(item[0]) not in (str, int):
                    raise WireError("bad dict item")
                out[item[0]] = self.node(item[1], depth + 1)
            return out
        if tag == "$np":
            return self.scalar(body, depth)
        if tag == "$t":
            return self.tensor(body)
        if tag == "$u":
            if type(body) is not dict or type(body.get("type")) is not str:
                raise WireError("bad unsupported-object node")
            return Unsupported(body["type"][:200], str(body.get("summary", ""))[:500])
        raise WireError(f"unknown tag {tag[:20]!r}")

    def array(self, idx: Any):
        if type(idx) is not int or not 0 <= idx < len(self.arrays):
            raise WireError("bad array index")
        return self.arrays[idx]

    def scalar(self, body: Any, depth: int):
        if type(body) is not dict or set(body) != {"dtype", "v"} or body["dtype"] not in DTYPES:
            raise WireError("bad numpy scalar")
        value = self.node(body["v"], depth + 1)
        if type(value) not in (bool, int, float):
            raise WireError("bad numpy scalar value")
        try:
            return DTYPES[body["dtype"]](value)
        except (OverflowError, ValueError):
            raise WireError("numpy scalar out of range") from None

    def tensor(self, body: Any) -> TensorObs:
        keys = {"a", "dtype", "device", "requires_grad", "grad_fn", "type"}
        if type(body) is not dict or set(body) != keys:
            raise WireError("bad tensor node")
        arr = self.array(body["a"])
        if not isinstance(arr, np.ndarray):
            raise WireError("tensor data must decode to an array")
        if (type(body["dtype"]) is not str or type(body["device"]) is not str
                or type(body["requires_grad"]) is not bool or type(body["type"]) is not str
                or body["grad_fn"] is not None and type(body["grad_fn"]) is not str):
            raise WireError("bad tensor facts")
        return TensorObs(arr, body["dtype"][:40], body["device"][:40], body["requires_grad"],
                         None if body["grad_fn"] is None else body["grad_fn"][:80],
                         body["type"][:200])
