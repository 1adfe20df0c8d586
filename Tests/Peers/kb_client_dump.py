"""The reference Python client: receive N trains and print each as one JSON line.

usage: kb_client_dump.py ENDPOINT SOCK(REQ|SUB|PULL) N [TIMEOUT_S]
"""
import json
import sys

from karabo_bridge import Client

from kb_render import render_train

endpoint, sock, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 30
with Client(endpoint, sock=sock, timeout=timeout) as client:
    print("CONNECTED", flush=True)
    for _ in range(n):
        data, meta = client.next()
        print(json.dumps(render_train(data, meta)), flush=True)
