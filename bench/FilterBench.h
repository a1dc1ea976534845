#pragma once
// handshake-bench filter [CONNECTIONS]: the connection list's search over a timeline of
// CONNECTIONS connections (default 200 000: a class of forty from many hosts, a long capture),
// each query against the baseline measured in the same run, one pass over the same connection
// records that only counts the refused ones (the least any filter must do).

// argv[0] is "filter"; returns the process exit status.
int filterBench(int argc, char **argv);
