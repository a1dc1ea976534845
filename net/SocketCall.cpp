#include "SocketCall.h"

#include <ctime>

namespace hv {

int64_t realtimeMicros()
{
    // The clock libpcap stamps packets with on Linux, so calls and segments interleave correctly.
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

} // namespace hv
