"""Compare the structure of our simulator with karabo-bridge-server-sim, as the Python client sees it.

usage: sim_compare.py CASES_JSON

CASES_JSON is a list of {"name", "ours": ENDPOINT, "sock": "REQ"|"SUB"|"PULL", "server": "REP"|"PUB"|"PUSH",
"detector", "raw", "protocol", "nsources", "gen", "data_like", "pulses"}. For each case this runs the
Python simulator with the same options (kb_sim.py: karabo-bridge-server-sim bound to 127.0.0.1, in its
own process, killed afterwards), reads one train from each with karabo_bridge.Client and prints one
JSON line:
{"name", "ours": SIGNATURE, "theirs": SIGNATURE, "differences": [...]}.
A signature lists sources, per key the Python type (for arrays dtype and shape; for lists and strings
the value), metadata keys with their types, and the train ID. With -g zeros the array bytes are compared too.
"""
import hashlib
import json
import os
import socket
import subprocess
import sys

import numpy as np
from karabo_bridge import Client


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def describe(value, with_bytes):
    if isinstance(value, np.ndarray):
        out = {"ndarray": str(value.dtype), "shape": list(value.shape)}
        if with_bytes:
            out["sha256"] = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()
        return out
    if isinstance(value, (list, str, bool)):
        return {type(value).__name__: value}
    if isinstance(value, dict):
        return {"dict": {k: describe(v, with_bytes) for k, v in value.items()}}
    return {type(value).__name__: None}


def signature(data, meta, with_bytes):
    sig = {"sources": sorted(data), "data": {}, "metadata": {}, "train_ids": {}}
    for src in data:
        sig["data"][src] = {k: describe(v, with_bytes) for k, v in data[src].items()
                            if k != "metadata"}
        if "metadata" in data[src]:
            sig["data"][src]["metadata"] = {"dict": sorted(data[src]["metadata"])}
        sig["metadata"][src] = {k: type(v).__name__ for k, v in meta[src].items()}
        sig["train_ids"][src] = meta[src].get("timestamp.tid")
    return sig


def differences(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k == "train_ids":
                continue
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'theirs' if k not in a else 'ours'}")
            else:
                out += differences(a[k], b[k], f"{path}/{k}")
        return out
    return [] if a == b else [f"{path}: ours {a!r} theirs {b!r}"]


def read_one(endpoint, sock):
    with Client(endpoint, sock=sock, timeout=60) as client:
        return client.next()


def start_python_simulator(case):
    """kb_sim.py with the case's options; returns (process, endpoint) once it is serving."""
    port = free_port()
    args = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "kb_sim.py"), str(port),
            "-z", case["server"], "-d", case["detector"], "-p", case["protocol"], "-n", str(case["nsources"]),
            "-g", case["gen"], "--data-like", case["data_like"], "--pulses", str(case["pulses"])]
    if case["raw"]:
        args.append("-r")
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if "SIM READY" in line:
            break
    return proc, f"tcp://127.0.0.1:{port}"


def main():
    cases = json.loads(sys.argv[1])
    # Start every Python simulator first (their start-up overlaps), then read case by case.
    started = [start_python_simulator(case) for case in cases]
    for case, (proc, endpoint) in zip(cases, started):
        try:
            theirs = read_one(endpoint, case["sock"])
        finally:
            proc.kill()  # SIGKILL: a PUSH sender blocked on a vanished peer ignores polite stops
            proc.wait()
        ours = read_one(case["ours"], case["sock"])
        zeros = case["gen"] == "zeros"
        sig_ours, sig_theirs = signature(*ours, zeros), signature(*theirs, zeros)
        print(json.dumps({"name": case["name"], "ours": sig_ours, "theirs": sig_theirs,
                          "differences": differences(sig_ours, sig_theirs)}), flush=True)


main()
