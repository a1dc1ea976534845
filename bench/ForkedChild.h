#pragma once
// A child process of a benchmark, forked before any thread exists, talking to the bench over two
// pipes: `child(in, out)` runs in it and its result is the child's exit status.
#include <sys/types.h>
#include <unistd.h>

namespace hv::bench {

struct ForkedChild {
    pid_t pid = -1;
    int to = -1;   // the bench writes here; the child reads `in`
    int from = -1; // the bench reads here; the child writes `out`

    template<typename Child>
    bool fork(const Child &child)
    {
        int toChild[2], fromChild[2];
        if (::pipe(toChild) != 0 || ::pipe(fromChild) != 0)
            return false;
        pid = ::fork();
        if (pid < 0)
            return false;
        if (pid == 0) {
            ::close(toChild[1]);
            ::close(fromChild[0]);
            ::_exit(child(toChild[0], fromChild[1]));
        }
        ::close(toChild[0]);
        ::close(fromChild[1]);
        to = toChild[1];
        from = fromChild[0];
        return true;
    }
};

} // namespace hv::bench
