#pragma once
// --read FILE --export OUT and --demo --export OUT: run the session without a window, write, exit.
#include "CommandLine.h"

namespace hv {

// Returns the process exit code. Prints one line per error on stderr.
int runHeadless(const Options &options);

} // namespace hv
