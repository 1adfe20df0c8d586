"""Runs a command with SIGINT/SIGTERM unblocked and at their default action, replacing itself.

usage: mpi_exec.py COMMAND [ARG ...]

The test runner's threads block some signals and a child inherits that mask; mpirun then never
sees the SIGTERM a test sends it. This resets the mask and dispositions, then execs COMMAND.
"""
import os
import signal
import sys

signals = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2]
signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)
for s in signals:
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])
