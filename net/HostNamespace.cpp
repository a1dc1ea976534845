#include "HostNamespace.h"

#include <sched.h>

namespace hv {

namespace {
int g_serverNs = -1, g_ownNs = -1;
bool g_use = true;
}

void useServerHost(bool use)
{
    g_use = use;
}

int serverHostNamespaceFd()
{
    return g_serverNs;
}

bool serverHostMade()
{
    return g_serverNs >= 0 && g_ownNs >= 0;
}

void setServerHostNamespace(int serverNs, int ownNs)
{
    g_serverNs = serverNs;
    g_ownNs = ownNs;
}

bool hasServerHost()
{
    return g_use && serverHostMade();
}

ServerHostScope::ServerHostScope()
{
    if (!hasServerHost())
        return;
    ok_ = ::setns(g_serverNs, CLONE_NEWNET) == 0;
    moved_ = ok_;
}

ServerHostScope::~ServerHostScope()
{
    if (moved_)
        ::setns(g_ownNs, CLONE_NEWNET);
}

} // namespace hv
