"""A Trainspotter Python worker: loads context files and runs their views on request.

Started by `trainspotter run` as `python -m trainspotter_views.worker`. Frames on stdin/stdout:
8 bytes (u32 little-endian JSON length, u32 payload length), the JSON header, the payload.
Input arrays are read from POSIX shared memory written by the Swift side (`/dev/shm/NAME`),
wrapped read-only with no copy. Array results travel in the reply's payload.
The user's own prints go to stderr (stdout carries the protocol).
"""

import json
import mmap
import os
import struct
import sys
import time
import traceback

import numpy as np

from . import context as contexts

HEADER = struct.Struct("<II")
KEEP_LOADS = 4


class Worker:
    def __init__(self, inp, out):
        self.inp = inp
        self.out = out
        self.functions = {}  # (name, hash) -> function
        self.loads = []      # recent loads: sets of (name, hash)
        self.shm_name = None
        self.shm = None

    # -- framing

    def read_exact(self, n):
        buf = bytearray(n)
        view = memoryview(buf)
        got = 0
        while got < n:
            k = self.inp.readinto(view[got:])
            if not k:
                return None
            got += k
        return buf

    def receive(self):
        head = self.read_exact(HEADER.size)
        if head is None:
            return None, None
        n_json, n_payload = HEADER.unpack(head)
        header = json.loads(self.read_exact(n_json))
        payload = self.read_exact(n_payload) if n_payload else b""
        return header, payload

    def send(self, header, arrays=()):
        body = json.dumps(header, allow_nan=True).encode()
        size = sum(a.nbytes for a in arrays)
        self.out.write(HEADER.pack(len(body), size))
        self.out.write(body)
        for a in arrays:
            if a.nbytes:
                self.out.write(memoryview(a).cast("B"))
        self.out.flush()

    # -- commands

    def load(self, request):
        try:
            _, views = contexts.load(request["text"], request["file"], request.get("version", 0))
        except contexts.ContextProblem as problem:
            return {"ok": False, "problems": [problem.as_dict()]}
        except contexts.ContextProblems as problems:
            return {"ok": False, "problems": [p.as_dict() for p in problems.problems]}
        keys = set()
        for v in views:
            key = (v["name"], v["hash"])
            keys.add(key)
            # An unchanged function keeps the object loaded first, and with it its state.
            self.functions.setdefault(key, v.pop("_object"))
            v.pop("_object", None)
        self.loads.append(keys)
        del self.loads[:-KEEP_LOADS]
        live = set().union(*self.loads)
        for key in list(self.functions):
            if key not in live:
                del self.functions[key]
        return {"ok": True, "views": views}

    def attach(self, name):
        if name != self.shm_name:
            fd = os.open("/dev/shm/" + name, os.O_RDONLY)
            try:
                # Earlier mappings stay alive while arrays made from them do (np.frombuffer pins them).
                self.shm = mmap.mmap(fd, 0, prot=mmap.PROT_READ)
            finally:
                os.close(fd)
            self.shm_name = name
        return self.shm

    def array(self, spec):
        count = 1
        for n in spec["shape"]:
            count *= n
        dtype = np.dtype(spec["dtype"])
        if count == 0:
            return np.zeros(spec["shape"], dtype)
        a = np.frombuffer(self.attach(spec["shm"]), dtype, count, spec["offset"]).reshape(spec["shape"])
        return a

    def value(self, spec):
        if "array" in spec:
            return self.array(spec["array"])
        if "points" in spec:
            return (self.array(spec["points"]["x"]), self.array(spec["points"]["y"]))
        return spec.get("value")

    def run(self, request):
        key = (request["view"], request["hash"])
        function = self.functions.get(key)
        if function is None:
            return {"ok": False, "error": f"view '{request['view']}' is not loaded in this worker", "line": ""}, ()
        kwargs = {arg: self.value(spec) for arg, spec in request.get("inputs", {}).items()}
        kwargs.update(request.get("params", {}))
        start = time.perf_counter()
        try:
            result = function(**kwargs)
            seconds = time.perf_counter() - start
            header, arrays = convert(result)
        except Exception as error:
            return failure(error, request.get("file")), ()
        header = {"ok": True, "result": header, "seconds": seconds}
        return header, arrays

    def serve(self):
        while True:
            request, _ = self.receive()
            if request is None:
                return
            op = request.get("op")
            if op == "load":
                self.send(self.load(request))
            elif op == "run":
                header, arrays = self.run(request)
                self.send(header, arrays)
            elif op == "ping":
                self.send({"ok": True, "pid": os.getpid()})
            else:
                self.send({"ok": False, "error": f"unknown op {op!r}"})


def failure(error, filename):
    frames = traceback.extract_tb(error.__traceback__)[1:]  # drop the worker's own frame
    user = [f for f in frames if f.filename == filename] or frames
    line = f"{user[-1].filename}:{user[-1].lineno}" if user else ""
    text = "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(error), error))
    return {"ok": False, "error": f"{type(error).__name__}: {error}", "line": line, "traceback": text}


def _plain_array(a, name="result"):
    a = np.asarray(a)
    if a.dtype.kind not in "biufc":
        raise TypeError(f"{name} has dtype {a.dtype}, not a number type")
    if a.dtype.byteorder == ">":
        a = a.astype(a.dtype.newbyteorder("<"))
    return np.ascontiguousarray(a)


def _axis(coord, dim):
    values = None
    if coord is not None:
        v = np.asarray(coord.values)
        if v.dtype.kind in "biuf" and v.ndim == 1:
            values = [float(x) for x in v]
    attrs = coord.attrs if coord is not None else {}
    return {"label": str(attrs.get("long_name", dim)), "unit": str(attrs.get("units", "")), "values": values}


def convert(result):
    """A view's return value as (header, arrays) for the reply."""
    if result is None:
        return {"type": "none"}, ()
    if isinstance(result, (bool, np.bool_)):
        return {"type": "scalar", "value": 1.0 if result else 0.0}, ()
    if isinstance(result, (int, float, np.integer, np.floating)):
        return {"type": "scalar", "value": float(result)}, ()
    if isinstance(result, str):
        return {"type": "string", "value": result}, ()
    module = type(result).__module__ or ""
    if module.startswith("xarray") and type(result).__name__ == "DataArray":
        data = _plain_array(result.values)
        axes = {}
        dims = list(result.dims)
        names = ["x"] if len(dims) == 1 else ["y", "x"] if len(dims) == 2 else []
        for axis_name, dim in zip(names, dims):
            axes[axis_name] = _axis(result.coords.get(dim), dim)
        axes["value"] = {"label": str(result.attrs.get("long_name", result.name or "")),
                         "unit": str(result.attrs.get("units", "")), "values": None}
        return _array_header({"data": data}, axes), (data,)
    if isinstance(result, (tuple, list)) and len(result) == 2:
        x, y = _plain_array(result[0], "x").reshape(-1), _plain_array(result[1], "y").reshape(-1)
        if x.shape != y.shape:
            raise ValueError(f"points need x and y of equal length, got {x.shape[0]} and {y.shape[0]}")
        return _array_header({"x": x, "y": y}, {}, kind="points"), (x, y)
    data = _plain_array(result)
    if data.ndim == 0:
        return {"type": "scalar", "value": float(data)}, ()
    return _array_header({"data": data}, {}), (data,)


def _array_header(arrays, axes, kind="array"):
    specs, offset = {}, 0
    for name, a in arrays.items():
        specs[name] = {"dtype": a.dtype.str, "shape": list(a.shape), "offset": offset, "nbytes": a.nbytes}
        offset += a.nbytes
    return {"type": kind, "arrays": specs, "axes": axes}


def main():
    out = os.fdopen(os.dup(1), "wb", buffering=1 << 16)
    os.dup2(2, 1)  # the user's prints go to stderr
    sys.stdout = sys.stderr
    inp = os.fdopen(os.dup(0), "rb", buffering=0)
    Worker(inp, out).serve()


if __name__ == "__main__":
    main()
