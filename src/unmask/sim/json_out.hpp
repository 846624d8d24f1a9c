#pragma once
// Minimal, fast JSON-lines writing: correct string escaping, a record builder
// that appends to one big buffer, and a buffered file.
#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "unmask/core/status.hpp"

namespace unmask::sim {

/// Appends `s` as a JSON string literal (with quotes). UTF-8 passes through;
/// control characters, quotes and backslashes are escaped.
inline void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

/// Builds one JSON object onto the end of a string.
class Obj {
 public:
  explicit Obj(std::string& out) : out_(out) { out_.push_back('{'); }
  Obj& Str(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonString(out_, value);
    return *this;
  }
  Obj& Raw(std::string_view key, std::string_view raw) {
    Key(key);
    out_.append(raw);
    return *this;
  }
  Obj& Int(std::string_view key, int64_t value) {
    Key(key);
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return *this;
  }
  Obj& Bool(std::string_view key, bool value) {
    Key(key);
    out_.append(value ? "true" : "false");
    return *this;
  }
  template <typename Vec>
  Obj& StrArray(std::string_view key, const Vec& values) {
    Key(key);
    out_.push_back('[');
    bool first = true;
    for (const auto& v : values) {
      if (!first) out_.push_back(',');
      first = false;
      AppendJsonString(out_, v);
    }
    out_.push_back(']');
    return *this;
  }
  void End() { out_.append("}\n"); }
  std::string& out() { return out_; }
  /// Starts a key and leaves the value to the caller.
  void Key(std::string_view key) {
    if (!first_) out_.push_back(',');
    first_ = false;
    out_.push_back('"');
    out_.append(key);
    out_.append("\":");
  }

 private:
  std::string& out_;
  bool first_ = true;
};

/// A file written in large chunks.
class OutFile {
 public:
  OutFile() = default;
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;
  ~OutFile() {
    if (f_) std::fclose(f_);
  }
  Status Open(const std::string& path) {
    path_ = path;
    f_ = std::fopen(path.c_str(), "wb");
    if (!f_) return Status::Error(fmt::format("cannot open '{}' for writing", path));
    return {};
  }
  Status Write(std::string_view data) {
    if (data.empty()) return {};
    if (std::fwrite(data.data(), 1, data.size(), f_) != data.size()) {
      return Status::Error(fmt::format("cannot write to '{}' (disk full?)", path_));
    }
    bytes_ += data.size();
    return {};
  }
  Status Close() {
    if (!f_) return {};
    const int rc = std::fclose(f_);
    f_ = nullptr;
    if (rc != 0) return Status::Error(fmt::format("cannot finish writing '{}'", path_));
    return {};
  }
  uint64_t bytes() const { return bytes_; }

 private:
  std::FILE* f_ = nullptr;
  std::string path_;
  uint64_t bytes_ = 0;
};

}  // namespace unmask::sim
