#pragma once
// Scratch folders that outlive no run, not even a killed one. A janitor process is forked at the
// very start of main(), while the program has one thread; it holds the read end of a pipe and
// waits. Each scratch folder made is named to it down the pipe. When the program ends, however it
// ends (SIGKILL, a crash), the kernel closes the write end: the janitor reads the end of the pipe,
// removes every folder it was told of that still exists, and exits. A clean exit has removed them
// already. The janitor ignores the terminal's signals (Ctrl+C reaches the whole process group) and
// holds none of the program's standard streams.
#include <QString>

namespace hv {

// Forks the janitor (call once, single-threaded; false if it could not be made: then a killed
// run's folder waits for the next start, which removes stale folders as before).
bool startScratchJanitor();

// Names a scratch folder to the janitor (nothing when there is none).
void tellScratchJanitor(const QString &folder);

} // namespace hv
