"""karabo-bridge-server-sim bound to 127.0.0.1 (the stock CLI binds all interfaces).

usage: kb_sim.py PORT [-z REP|PUB|PUSH] [-d AGIPD|AGIPDModule|LPD] [-p 1.0|2.2] [-r] [-n N]
                 [-g random|zeros] [--data-like online|file] [--pulses P]
"""
import argparse

from karabo_bridge import simulation
from karabo_bridge.server import SimServer

ap = argparse.ArgumentParser()
ap.add_argument("port")
ap.add_argument("-z", default="REP")
ap.add_argument("-d", default="AGIPD")
ap.add_argument("-p", default="2.2")
ap.add_argument("-r", action="store_true")
ap.add_argument("-n", type=int, default=1)
ap.add_argument("-g", default="random")
ap.add_argument("--data-like", default="online")
ap.add_argument("--pulses", type=int, default=None, help="lower the simulator's pulse count (class attribute)")
args = ap.parse_args()
if args.pulses:
    simulation.AGIPDModule.pulses = args.pulses
    simulation.LPD.pulses = args.pulses
server = SimServer(f"tcp://127.0.0.1:{args.port}", sock=args.z, protocol_version=args.p, detector=args.d,
                   raw=args.r, nsources=args.n, datagen=args.g, data_like=args.data_like, debug=False)
print("SIM READY", flush=True)
server.loop()
