"""Makes a small EuXFEL-layout file with extra_data's own test helpers and serves it with
karabo-bridge-serve-files' code path.

usage: kb_serve_files.py DIR ENDPOINT [-z PUSH|REP|PUB]
"""
import os
import sys

from extra_data.tests.make_examples import make_fxe_da_file

directory, endpoint = sys.argv[1], sys.argv[2]
sock = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "-z" else "PUSH"
path = os.path.join(directory, "RAW-R0450-DA01-S00000.h5")
make_fxe_da_file(path)
exe = os.path.join(os.path.dirname(sys.executable), "karabo-bridge-serve-files")
print("FILE READY", flush=True)
# exec, so the process our test started is the server itself and stopping it stops the server
os.execv(exe, [exe, path, endpoint, "-z", sock])
