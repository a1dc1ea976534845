#pragma once
// handshake-bench live [SECONDS]: input latency of the real window, packets kept and memory while
// two floods run into the session's own server on loopback.

// argv[0] is "live"; returns the process exit status.
int liveBench(int argc, char **argv);
