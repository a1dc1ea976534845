#pragma once
// Bounds-checked big-endian reads over captured packet bytes, after tcpdump's GET_BE_U_n:
// every read says whether the bytes were there, and no struct is ever cast over a packet
// (alignment, padding and endianness would all bite).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace hv {

class ByteReader {
public:
    constexpr ByteReader() noexcept = default;
    constexpr explicit ByteReader(std::span<const uint8_t> bytes) noexcept : m_bytes(bytes) {}
    ByteReader(const uint8_t *data, size_t size) noexcept
        : m_bytes(data, data != nullptr ? size : 0) {}

    constexpr size_t size() const noexcept { return m_bytes.size(); }
    constexpr std::span<const uint8_t> bytes() const noexcept { return m_bytes; }

    // [offset, offset + count) lies inside the bytes. Written so that no sum can overflow.
    constexpr bool has(size_t offset, size_t count) const noexcept
    {
        return offset <= m_bytes.size() && count <= m_bytes.size() - offset;
    }

    constexpr std::optional<uint8_t> u8(size_t offset) const noexcept
    {
        if (!has(offset, 1))
            return std::nullopt;
        return m_bytes[offset];
    }

    constexpr std::optional<uint16_t> be16(size_t offset) const noexcept
    {
        if (!has(offset, 2))
            return std::nullopt;
        return static_cast<uint16_t>(unsigned{m_bytes[offset]} << 8 | unsigned{m_bytes[offset + 1]});
    }

    constexpr std::optional<uint32_t> be32(size_t offset) const noexcept
    {
        if (!has(offset, 4))
            return std::nullopt;
        return uint32_t{m_bytes[offset]} << 24 | uint32_t{m_bytes[offset + 1]} << 16
             | uint32_t{m_bytes[offset + 2]} << 8 | uint32_t{m_bytes[offset + 3]};
    }

    // Copies out.size() bytes from offset (addresses); false, and out untouched, when they are not all there.
    bool copy(size_t offset, std::span<uint8_t> out) const noexcept
    {
        if (!has(offset, out.size()))
            return false;
        if (!out.empty())
            std::memcpy(out.data(), m_bytes.data() + offset, out.size());
        return true;
    }

    // A reader over [offset, offset + count), or nothing when that range is not all there.
    constexpr std::optional<ByteReader> slice(size_t offset, size_t count) const noexcept
    {
        if (!has(offset, count))
            return std::nullopt;
        return ByteReader(m_bytes.subspan(offset, count));
    }

private:
    std::span<const uint8_t> m_bytes;
};

} // namespace hv
