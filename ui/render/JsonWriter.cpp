#include "JsonWriter.h"

#include <QString>

#include <charconv>

namespace hv {

namespace {

char hexDigit(unsigned v)
{
    return char(v < 10 ? '0' + v : 'a' + v - 10);
}

bool isAscii(std::string_view s)
{
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}

} // namespace

void JsonWriter::indent(size_t levels)
{
    static constexpr char spaces[] = "                                                                ";
    constexpr size_t room = sizeof(spaces) - 1;
    for (size_t n = levels * 4; n > 0;) {
        const size_t k = std::min(n, room);
        out_.append(spaces, k);
        n -= k;
    }
}

// Where a member or an element starts: after the one before it, on its own line.
void JsonWriter::element()
{
    if (empty_.empty())
        return; // the document itself
    if (empty_.back())
        empty_.back() = false;
    else
        out_.append(",\n", 2);
    indent(empty_.size());
}

void JsonWriter::beforeValue()
{
    if (afterKey_)
        afterKey_ = false;
    else
        element();
}

JsonWriter &JsonWriter::key(std::string_view name)
{
    element();
    out_.push_back('"');
    out_.append(name);
    out_.append("\": ", 3);
    afterKey_ = true;
    return *this;
}

void JsonWriter::beginObject()
{
    beforeValue();
    out_.append("{\n", 2);
    empty_.push_back(true);
}

void JsonWriter::beginArray()
{
    beforeValue();
    out_.append("[\n", 2);
    empty_.push_back(true);
}

void JsonWriter::endObject()
{
    const bool wasEmpty = empty_.back();
    empty_.pop_back();
    if (!wasEmpty)
        out_.push_back('\n');
    indent(empty_.size());
    out_.push_back('}');
    if (empty_.empty())
        out_.push_back('\n');
}

void JsonWriter::endArray()
{
    const bool wasEmpty = empty_.back();
    empty_.pop_back();
    if (!wasEmpty)
        out_.push_back('\n');
    indent(empty_.size());
    out_.push_back(']');
    if (empty_.empty())
        out_.push_back('\n');
}

void JsonWriter::integer(int64_t v)
{
    beforeValue();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
    out_.append(digits, size_t(end - digits));
}

void JsonWriter::boolean(bool v)
{
    beforeValue();
    if (v)
        out_.append("true", 4);
    else
        out_.append("false", 5);
}

void JsonWriter::null()
{
    beforeValue();
    out_.append("null", 4);
}

void JsonWriter::string(QStringView s)
{
    beforeValue();
    out_.push_back('"');
    escape(s);
    out_.push_back('"');
}

void JsonWriter::string(std::string_view utf8)
{
    if (!isAscii(utf8)) {
        string(QString::fromUtf8(utf8.data(), qsizetype(utf8.size())));
        return;
    }
    beforeValue();
    out_.push_back('"');
    // ASCII is its own UTF-16: only what needs escaping differs.
    size_t plain = 0;
    for (size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out_.append(utf8.data() + plain, i - plain);
        const char16_t one = c;
        escape(QStringView(&one, 1));
        plain = i + 1;
    }
    out_.append(utf8.data() + plain, utf8.size() - plain);
    out_.push_back('"');
}

// Qt's escapedString() (qjsonwriter.cpp), character for character.
void JsonWriter::escape(QStringView s)
{
    const char16_t *p = s.utf16();
    const char16_t *const end = p + s.size();
    while (p != end) {
        const char16_t u = *p++;
        if (u < 0x80) {
            if (u >= 0x20 && u != '"' && u != '\\') {
                out_.push_back(char(u));
                continue;
            }
            char e[6] = {'\\', 0, 0, 0, 0, 0};
            qsizetype n = 2;
            switch (u) {
            case '"': e[1] = '"'; break;
            case '\\': e[1] = '\\'; break;
            case 0x08: e[1] = 'b'; break;
            case 0x0c: e[1] = 'f'; break;
            case 0x0a: e[1] = 'n'; break;
            case 0x0d: e[1] = 'r'; break;
            case 0x09: e[1] = 't'; break;
            default:
                e[1] = 'u';
                e[2] = '0';
                e[3] = '0';
                e[4] = hexDigit(u >> 4);
                e[5] = hexDigit(u & 0xf);
                n = 6;
            }
            out_.append(e, size_t(n));
        } else if (u < 0x800) {
            const char b[2] = {char(0xc0 | (u >> 6)), char(0x80 | (u & 0x3f))};
            out_.append(b, 2);
        } else if (!QChar::isSurrogate(u)) {
            const char b[3] = {char(0xe0 | (u >> 12)), char(0x80 | ((u >> 6) & 0x3f)), char(0x80 | (u & 0x3f))};
            out_.append(b, 3);
        } else if (QChar::isHighSurrogate(u) && p != end && QChar::isLowSurrogate(*p)) {
            const char32_t c = QChar::surrogateToUcs4(u, *p++);
            const char b[4] = {char(0xf0 | (c >> 18)), char(0x80 | ((c >> 12) & 0x3f)), char(0x80 | ((c >> 6) & 0x3f)),
                               char(0x80 | (c & 0x3f))};
            out_.append(b, 4);
        } else {
            // A surrogate without its pair has no UTF-8: Qt writes its code unit as an escape.
            const char e[6] = {'\\', 'u', hexDigit((u >> 12) & 0xf), hexDigit((u >> 8) & 0xf), hexDigit((u >> 4) & 0xf),
                               hexDigit(u & 0xf)};
            out_.append(e, 6);
        }
    }
}

QByteArray JsonWriter::quoted(QStringView s)
{
    std::string out;
    JsonWriter w(out);
    w.string(s);
    return QByteArray(out.data(), qsizetype(out.size()));
}

} // namespace hv
