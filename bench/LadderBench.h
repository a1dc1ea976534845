#pragma once
// handshake-bench ladder N [CONNECTIONS]: what drawing the ladder costs as the timeline grows.

// argv[0] is "ladder"; returns the process exit status.
int ladderBench(int argc, char **argv);
