#pragma once
// Some Qt code (registering a metatype, for one) leaves the upper halves of the AVX registers
// dirty on its thread. From then on every SSE instruction of code built for plain x86-64 (ours)
// pays the SSE/AVX transition penalty: measured here, decoding ran 6x slower and the whole model
// ~1.7x. vzeroupper clears that state; it costs a few cycles, so the hot loops call this where
// their work starts (each dispatch of the capture thread, each batch of the timeline), not per
// packet. A no-op elsewhere.
namespace hv {

inline void clearVectorUpperState()
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static const bool avx = __builtin_cpu_supports("avx");
    if (avx)
        __asm__ volatile("vzeroupper");
#endif
}

} // namespace hv
