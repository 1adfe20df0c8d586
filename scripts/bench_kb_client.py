"""Receive N trains with the reference karabo_bridge.Client and report the time from the
first to the last train (used by `trainspotter-bench receive`).

usage: bench_kb_client.py ENDPOINT SOCK N
prints: READY, then RESULT <seconds> <trains after the first> <bytes after the first>
"""
import sys
import time

from karabo_bridge import Client

endpoint, sock, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Client(endpoint, sock=sock, timeout=120) as client:
    print("READY", flush=True)
    client.next()
    start = time.perf_counter()
    nbytes = 0
    for _ in range(n - 1):
        data, meta = client.next()
        for src in data.values():
            for v in src.values():
                nbytes += getattr(v, "nbytes", 0)
    elapsed = time.perf_counter() - start
print(f"RESULT {elapsed} {n - 1} {nbytes}", flush=True)
