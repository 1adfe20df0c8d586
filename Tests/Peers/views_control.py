"""Sends JSON commands to a Trainspotter control socket (ZeroMQ REQ) and prints each reply.

usage: views_control.py ENDPOINT COMMAND_JSON [COMMAND_JSON ...]
"""
import sys

import zmq

ctx = zmq.Context()
sock = ctx.socket(zmq.REQ)
sock.setsockopt(zmq.LINGER, 0)
sock.setsockopt(zmq.RCVTIMEO, 30000)
sock.connect(sys.argv[1])
for command in sys.argv[2:]:
    sock.send_string(command)
    print(sock.recv_string(), flush=True)
sock.close()
ctx.term()
