#include "unmask/report/text_sink.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace unmask {

Result<TextSink> TextSink::ToFile(const std::string& path, size_t spill_bytes) {
  TextSink sink;
  sink.path_ = path;
  sink.temp_ = path + ".tmp";
  sink.spill_bytes_ = spill_bytes;
  sink.file_ = std::fopen(sink.temp_.c_str(), "wb");
  if (sink.file_ == nullptr) return Status::Error(fmt::format("cannot write {}: {}", sink.temp_, std::strerror(errno)));
  const size_t expected = std::min(spill_bytes, kSpillBytes);
  sink.text_.reserve(expected + expected / 4);
  return sink;
}

TextSink::TextSink(TextSink&& other) noexcept { *this = std::move(other); }

TextSink& TextSink::operator=(TextSink&& other) noexcept {
  if (this == &other) return *this;
  Discard();
  text_ = std::move(other.text_);
  file_ = std::exchange(other.file_, nullptr);
  path_ = std::move(other.path_);
  temp_ = std::move(other.temp_);
  spill_bytes_ = other.spill_bytes_;
  failed_ = other.failed_;
  error_ = other.error_;
  return *this;
}

TextSink::~TextSink() { Discard(); }

void TextSink::Discard() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  file_ = nullptr;
  std::remove(temp_.c_str());
}

void TextSink::Write() {
  if (!failed_ && std::fwrite(text_.data(), 1, text_.size(), file_) != text_.size()) {
    failed_ = true;
    error_ = errno;
  }
  text_.clear();
}

Status TextSink::Close() {
  if (file_ == nullptr) return {};
  Write();
  std::FILE* file = std::exchange(file_, nullptr);
  if (std::fclose(file) != 0 && !failed_) {
    failed_ = true;
    error_ = errno;
  }
  if (failed_) {
    std::remove(temp_.c_str());
    return Status::Error(fmt::format("cannot write {}: {}", temp_, std::strerror(error_)));
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    return Status::Error(fmt::format("cannot rename {} to {}: {}", temp_, path_, std::strerror(errno)));
  }
  return {};
}

}  // namespace unmask
