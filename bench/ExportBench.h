#pragma once
// handshake-bench export FILE [PROGRAM]: time and peak memory of the real program exporting FILE
// as .pcap, .json and .txt, against tshark reading the same file.

// argv[0] is "export"; returns the process exit status.
int exportBench(int argc, char **argv);
