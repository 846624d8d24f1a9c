#include "unmask/report/json_out.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace unmask {
namespace {

// Whether `s` is well-formed UTF-8 (Unicode table 3-7: no overlong forms, no
// surrogates, nothing past U+10FFFF), which nlohmann's dump copies unchanged.
bool WellFormedUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  const auto cont = [](unsigned char c) { return (c & 0xC0) == 0x80; };
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (static_cast<size_t>(end - p) <= n || p[1] < lo || p[1] > hi) return false;
    for (size_t k = 2; k <= n; ++k) {
      if (!cont(p[k])) return false;
    }
    p += n + 1;
  }
  return true;
}

bool Ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  if (!Ascii(s) && !WellFormedUtf8(s)) {
    // Rare: let nlohmann itself decide where the U+FFFD replacements go.
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        const char code[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(code, sizeof code);
      }
    }
  }
  out.append(s, plain, s.size() - plain);
  out += '"';
}

void AppendJsonDouble(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  std::array<char, 64> buffer{};
  const char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
  out.append(buffer.data(), static_cast<size_t>(end - buffer.data()));
}

JsonOut& JsonOut::Key(std::string_view key) {
  NewElement();
  AppendJsonString(*out_, key);
  *out_ += ": ";
  after_key_ = true;
  return *this;
}

void JsonOut::Null() {
  BeforeValue();
  *out_ += "null";
}

void JsonOut::Bool(bool b) {
  BeforeValue();
  *out_ += b ? "true" : "false";
}

void JsonOut::Int(int64_t n) {
  BeforeValue();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, n);
  out_->append(buffer, result.ptr);
}

void JsonOut::UInt(uint64_t n) {
  BeforeValue();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, n);
  out_->append(buffer, result.ptr);
}

void JsonOut::Double(double x) {
  BeforeValue();
  AppendJsonDouble(*out_, x);
}

void JsonOut::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(*out_, s);
}

void JsonOut::Open(char bracket) {
  BeforeValue();
  *out_ += bracket;
  open_.push_back(0);
}

void JsonOut::Close(char bracket) {
  const uint64_t elements = open_.back();
  open_.pop_back();
  if (elements > 0) {
    *out_ += '\n';
    out_->append(open_.size(), ' ');
  }
  *out_ += bracket;
}

void JsonOut::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  NewElement();
}

// A new member or element of the innermost object or array: a comma after
// the previous one, a new line and one space of indent per level.
void JsonOut::NewElement() {
  if (open_.empty()) return;
  *out_ += open_.back()++ == 0 ? "\n" : ",\n";
  out_->append(open_.size(), ' ');
}

}  // namespace unmask
