#pragma once
// handshake-bench connections [SECONDS] [RATE] [follow|all]: a class's worth of short connections to the real
// window and session (RATE a second for SECONDS, default 25 for 120 s), each a message whose reply
// goes through the GUI thread; round trip and GUI-thread CPU at the start against the end.

// argv[0] is "connections"; returns the process exit status.
int connectionsBench(int argc, char **argv);
