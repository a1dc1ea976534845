#!/usr/bin/env python3
"""A classroom of students, each on a host of its own: a network namespace with one veth link
whose other end is a port of BRIDGE (in the caller's namespace, where the teacher's server is).

Run in the namespace that holds BRIDGE, with the rights to make veth links there (root, or root of
a user namespace that owns it). Each student:
  - is a forked child in a new network namespace (unshare(CLONE_NEWNET));
  - gets eth0, the far end of a veth pair whose near end st<N> joins BRIDGE, and 10.20.0.<10+N>/24;
  - once every student is ready, connects to SERVER:PORT, sends "student N: hello\\n", half-closes,
    reads until the server closes, and exits 0 (anything else: a message on stderr and 1).
Every step is bounded in time; the whole class stops by itself. Prints one line per student
("student N 10.20.0.X:PORT ok") and exits 0 only if every one of them got through.
"""
import argparse
import ctypes
import os
import socket
import subprocess
import sys
import time

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def ip(*args):
    subprocess.run(("ip",) + args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=10)


def student(n, server, port, ready_w, go_r, deadline):
    if libc.unshare(CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        sys.stderr.write(f"student {n}: unshare(CLONE_NEWNET): {os.strerror(err)}\n")
        os._exit(1)
    os.write(ready_w, b"r")
    if os.read(go_r, 1) != b"g":  # the link is there
        os._exit(1)
    address = f"10.20.0.{10 + n}"
    ip("link", "set", "lo", "up")
    ip("addr", "add", f"{address}/24", "dev", "eth0")
    ip("link", "set", "eth0", "up")
    os.read(go_r, 1)  # every student is on the network: the class starts at once
    last = None
    while time.monotonic() < deadline:
        try:
            s = socket.create_connection((server, port), timeout=max(0.1, deadline - time.monotonic()))
            break
        except OSError as e:  # the link may take a moment to carry (neighbour discovery)
            last = e
            time.sleep(0.05)
    else:
        sys.stderr.write(f"student {n}: cannot connect to {server}:{port}: {last}\n")
        os._exit(1)
    try:
        local = s.getsockname()
        s.sendall(f"student {n}: hello\n".encode())
        s.shutdown(socket.SHUT_WR)  # our FIN; the server's close answers it
        while s.recv(4096):
            pass
        s.close()
    except OSError as e:
        sys.stderr.write(f"student {n}: {e}\n")
        os._exit(1)
    os.write(1, f"student {n} {local[0]}:{local[1]} ok\n".encode())  # one write: lines never interleave
    os._exit(0)


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--students", type=int, default=40)
    a.add_argument("--server", default="10.20.0.1")
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--bridge", default="br0")
    a.add_argument("--timeout", type=float, default=30.0, help="seconds for the whole class")
    o = a.parse_args()
    if not 1 <= o.students <= 200:
        a.error("--students: 1 to 200")
    deadline = time.monotonic() + o.timeout
    kids = []
    for n in range(o.students):
        ready_r, ready_w = os.pipe()
        go_r, go_w = os.pipe()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            os.close(go_w)
            try:
                student(n, o.server, o.port, ready_w, go_r, deadline)
            finally:
                os._exit(1)
        os.close(ready_w)
        os.close(go_r)
        kids.append((n, pid, go_w))
        if os.read(ready_r, 1) != b"r":
            sys.stderr.write(f"student {n} did not start\n")
            break
        os.close(ready_r)
        # The near end joins the bridge; the far end is the student's eth0.
        ip("link", "add", f"st{n}", "type", "veth", "peer", "name", "eth0", "netns", str(pid))
        ip("link", "set", f"st{n}", "master", o.bridge)
        ip("link", "set", f"st{n}", "up")
        os.write(go_w, b"g")
    for _, _, go_w in kids:
        os.write(go_w, b"g")
        os.close(go_w)
    failed = 0
    for n, pid, _ in kids:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline + 5:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                sys.stderr.write(f"student {n}: still running at the deadline, stopped\n")
                status = 1
                break
            time.sleep(0.02)
        if status != 0:
            failed += 1
    for n, _, _ in kids:  # the student's namespace is gone with it, and its veth pair with it
        subprocess.run(("ip", "link", "del", f"st{n}"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if failed or len(kids) != o.students:
        sys.stderr.write(f"{failed} of {o.students} students did not get through\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
