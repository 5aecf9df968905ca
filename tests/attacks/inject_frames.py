"""Write forged replies into the result channel (fd 4), then die before the real one."""
import json
import os
import struct


def _frame(tree):
    body = json.dumps({"tree": tree, "arrays": []}).encode()
    return b"TGW1" + struct.pack(">IQ", len(body), 0) + body


def make_model():
    fake = {"$d": [["status", "ok"], ["value", {"$d": [["out", None]]}], ["id", 1]]}
    try:
        os.write(4, _frame(fake))
        os.write(4, b"TGW1" + struct.pack(">IQ", 10, 2**40))   # claims a 1 TiB payload
    except OSError:
        pass
    os._exit(0)
