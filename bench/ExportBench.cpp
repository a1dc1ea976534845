#include "ExportBench.h"

// handshake-bench export FILE [PROGRAM]: the real program, as a user runs it, in child processes:
//   handshake-viz --read FILE --export OUT.pcap   (the baseline: the packets copied as they are)
//   handshake-viz --read FILE --export OUT.json
//   handshake-viz --read FILE --export OUT.txt
// each 3 times (the fastest run counts: the others lost time to something else on the machine),
// and once each, when tshark is installed, the tool a user would compare it with:
//   tshark -r FILE -T json > /dev/null
//   tshark -r FILE > /dev/null
// Wall time from fork to wait4(); peak memory is the child's ru_maxrss from wait4() (what
// /usr/bin/time reports as "maximum resident set size"). PROGRAM defaults to the handshake-viz
// next to this benchmark. The exports go to a folder under /tmp, removed as the bench goes (a
// JSON export of 1.5 M packets is ~1.5 GB). Prints key=value lines; the targets: .json and .txt
// take at most 2x the memory of .pcap, and less time than tshark.

#include <pcap/pcap.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

struct ChildRun {
    bool ok = false;
    double seconds = 0;
    double peakMb = 0;
    long long outputBytes = -1;
    std::string failure;
};

std::string readText(const std::string &path, size_t max = 4000)
{
    std::string out;
    if (FILE *f = std::fopen(path.c_str(), "rb")) {
        char buf[4096];
        size_t n;
        while (out.size() < max && (n = std::fread(buf, 1, sizeof buf, f)) > 0)
            out.append(buf, n);
        std::fclose(f);
    }
    return out.substr(0, max);
}

// Runs argv to its end with stdout to `out` (or /dev/null) and stderr to `err`.
ChildRun runChild(const std::vector<std::string> &argv, const std::string &out, const std::string &err)
{
    ChildRun run;
    std::vector<char *> args;
    for (const std::string &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        run.failure = std::string("fork: ") + std::strerror(errno);
        return run;
    }
    if (pid == 0) {
        const int o = open(out.empty() ? "/dev/null" : out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        execvp(args[0], args.data());
        std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid) {
        run.failure = std::string("wait4: ") + std::strerror(errno);
        return run;
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.peakMb = double(usage.ru_maxrss) / 1024.0; // KiB on Linux
    run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!run.ok) {
        run.failure = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                        : "signal " + std::to_string(WTERMSIG(status));
        run.failure += ": " + readText(err);
    }
    return run;
}

long long fileBytes(const std::string &path)
{
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? (long long)st.st_size : -1;
}

// The first executable `name` on PATH, or "".
std::string onPath(const char *name)
{
    const char *path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        const size_t end = dirs.find(':', start);
        const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0)
            return candidate;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return {};
}

std::string besideThisProgram(const char *name)
{
    char self[4096] = {0};
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return name;
    std::string dir(self, size_t(n));
    dir.erase(dir.rfind('/') + 1);
    return dir + name;
}

long long countPackets(const char *file, std::string *error)
{
    char errbuf[PCAP_ERRBUF_SIZE] = {0};
    pcap_t *p = pcap_open_offline(file, errbuf);
    if (!p) {
        *error = errbuf;
        return -1;
    }
    long long n = 0;
    pcap_pkthdr *h = nullptr;
    const u_char *bytes = nullptr;
    while (pcap_next_ex(p, &h, &bytes) == 1)
        ++n;
    pcap_close(p);
    return n;
}

constexpr int kRuns = 3;

} // namespace

int exportBench(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: handshake-bench export FILE [PROGRAM]\n");
        return 2;
    }
    const char *file = argv[1];
    const std::string program = argc == 3 ? argv[2] : besideThisProgram("handshake-viz");
    if (access(program.c_str(), X_OK) != 0) {
        std::fprintf(stderr, "handshake-bench: cannot run %s: %s\n", program.c_str(), std::strerror(errno));
        return 1;
    }
    std::string error;
    const long long packets = countPackets(file, &error);
    if (packets < 0) {
        std::fprintf(stderr, "handshake-bench: cannot read %s: %s\n", file, error.c_str());
        return 1;
    }
    char folder[] = "/tmp/handshake-bench-export-XXXXXX";
    if (!mkdtemp(folder)) {
        std::fprintf(stderr, "handshake-bench: cannot make a folder in /tmp: %s\n", std::strerror(errno));
        return 1;
    }
    const std::string dir = folder;
    const std::string err = dir + "/stderr";

    // Ours: the fastest of kRuns, with its peak (the peaks of the runs differ by a few MB).
    auto ours = [&](const char *ext) {
        ChildRun best;
        for (int i = 0; i < kRuns; ++i) {
            const std::string out = dir + "/out." + ext;
            ChildRun run = runChild({program, "--read", file, "--export", out}, {}, err);
            run.outputBytes = fileBytes(out);
            std::remove(out.c_str());
            if (!run.ok)
                return run;
            if (i == 0 || run.seconds < best.seconds)
                best = run;
        }
        return best;
    };
    const ChildRun pcap = ours("pcap");
    const ChildRun json = pcap.ok ? ours("json") : pcap;
    const ChildRun txt = json.ok ? ours("txt") : json;

    const std::string tshark = onPath("tshark");
    ChildRun tsharkJson, tsharkTxt;
    if (!tshark.empty() && txt.ok) {
        tsharkJson = runChild({tshark, "-r", file, "-T", "json"}, {}, err);
        tsharkTxt = runChild({tshark, "-r", file}, {}, err);
    }
    std::remove(err.c_str());
    rmdir(dir.c_str());

    for (const ChildRun *r : {&pcap, &json, &txt})
        if (!r->ok) {
            std::fprintf(stderr, "handshake-bench: %s --read %s: %s\n", program.c_str(), file, r->failure.c_str());
            return 1;
        }

    const auto yesNo = [](bool b) { return b ? "yes" : "no"; };
    std::printf("file=%s\n", file);
    std::printf("program=%s\n", program.c_str());
    std::printf("packets=%lld\n", packets);
    std::printf("runs=%d\n", kRuns);
    std::printf("pcap_seconds=%.2f\n", pcap.seconds);
    std::printf("pcap_peak_mb=%.1f\n", pcap.peakMb);
    const double jsonMemory = json.peakMb / pcap.peakMb, txtMemory = txt.peakMb / pcap.peakMb;
    std::printf("json_seconds=%.2f\n", json.seconds);
    std::printf("json_peak_mb=%.1f\n", json.peakMb);
    std::printf("json_output_mb=%.1f\n", double(json.outputBytes) / 1048576.0);
    std::printf("json_memory_ratio=%.2f\n", jsonMemory);
    std::printf("txt_seconds=%.2f\n", txt.seconds);
    std::printf("txt_peak_mb=%.1f\n", txt.peakMb);
    std::printf("txt_output_mb=%.1f\n", double(txt.outputBytes) / 1048576.0);
    std::printf("txt_memory_ratio=%.2f\n", txtMemory);
    std::printf("target_memory_ratio=2.00 json_memory_met=%s txt_memory_met=%s\n", yesNo(jsonMemory <= 2),
                yesNo(txtMemory <= 2));
    if (tshark.empty()) {
        std::printf("tshark=not installed\n");
        std::printf("target_speed_ratio=1.00 json_speed_met=unmeasured txt_speed_met=unmeasured\n");
        return 0;
    }
    for (const ChildRun *r : {&tsharkJson, &tsharkTxt})
        if (!r->ok) {
            std::fprintf(stderr, "handshake-bench: %s -r %s: %s\n", tshark.c_str(), file, r->failure.c_str());
            return 1;
        }
    const double jsonSpeed = tsharkJson.seconds / json.seconds, txtSpeed = tsharkTxt.seconds / txt.seconds;
    std::printf("tshark=%s\n", tshark.c_str());
    std::printf("tshark_json_seconds=%.2f\n", tsharkJson.seconds);
    std::printf("tshark_json_peak_mb=%.1f\n", tsharkJson.peakMb);
    std::printf("tshark_txt_seconds=%.2f\n", tsharkTxt.seconds);
    std::printf("tshark_txt_peak_mb=%.1f\n", tsharkTxt.peakMb);
    std::printf("json_speed_ratio=%.2f\n", jsonSpeed); // tshark's time / ours
    std::printf("txt_speed_ratio=%.2f\n", txtSpeed);
    std::printf("target_speed_ratio=1.00 json_speed_met=%s txt_speed_met=%s\n", yesNo(jsonSpeed >= 1), yesNo(txtSpeed >= 1));
    return 0;
}
