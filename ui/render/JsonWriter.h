#pragma once
// Writes JSON text as it goes, exactly as QJsonDocument::toJson(QJsonDocument::Indented) prints
// the same document, without building it (a QJsonDocument of a million segments took 6 GB):
// four spaces a level, `"key": value`, ",\n" between members, an empty array or object as its
// opening bracket, a newline and its closing one indented, a newline after the whole document.
// Strings are escaped as Qt escapes them: \" \\ \b \f \n \r \t, other control characters as
// \u00XX, a surrogate without its pair as \uXXXX (lower-case hex), the rest as UTF-8 (also DEL
// and '/'). Integers are printed in full, never with an exponent.
//
// The caller writes an object's keys in the order a QJsonObject keeps them (sorted); the writer
// does not sort or check them. It appends to a string that the caller may empty between
// values (ExportFile::buffer()).
#include <QByteArray>
#include <QStringView>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hv {

class JsonWriter {
public:
    explicit JsonWriter(std::string &out) : out_(out) {}

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // The key of the next value: plain ASCII, nothing in it to escape.
    JsonWriter &key(std::string_view name);

    void integer(int64_t v);
    void boolean(bool v);
    void null();
    void string(QStringView s);
    // UTF-8 (what std::string holds here); invalid sequences become U+FFFD, as QString::fromUtf8.
    void string(std::string_view utf8);
    void string(const char *utf8) { string(std::string_view(utf8)); }

    // Shorthands for one member.
    void member(std::string_view name, int64_t v) { key(name).integer(v); }
    void member(std::string_view name, QStringView s) { key(name).string(s); }
    void member(std::string_view name, std::string_view utf8) { key(name).string(utf8); }
    void member(std::string_view name, const char *utf8) { key(name).string(utf8); }
    void flag(std::string_view name, bool v) { key(name).boolean(v); }

    // The JSON of one string, with its quotes: what QJsonDocument prints for it.
    static QByteArray quoted(QStringView s);

private:
    void beforeValue();
    void element();
    void indent(size_t levels);
    void escape(QStringView s);

    std::string &out_;
    std::vector<bool> empty_; // per open container: nothing in it yet
    bool afterKey_ = false;
};

} // namespace hv
