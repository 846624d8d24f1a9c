#pragma once
// Output text written a piece at a time. A writer appends to text() and calls
// Spill() between pieces (a network, a node, an edge); a sink opened on a file
// writes its text out whenever it has grown past a threshold, so that a writer
// never holds its whole output (coordination.gexf is over 1 GB at 10 M posts),
// and the file holds the same bytes the whole text would. A sink without a
// file keeps everything (the *Text functions and the tests).
#include <cstdio>
#include <string>

#include "unmask/core/status.hpp"

namespace unmask {

class TextSink {
 public:
  static constexpr size_t kSpillBytes = size_t{1} << 20;

  /// Keeps all text in memory; Take() hands it over.
  TextSink() = default;
  /// Writes to `path` through `path.tmp`, renamed over `path` by Close(), so a
  /// failed run never leaves a half-written report behind. `spill_bytes`: how
  /// much text is gathered before it is written (tests use tiny values).
  static Result<TextSink> ToFile(const std::string& path, size_t spill_bytes = kSpillBytes);

  TextSink(TextSink&& other) noexcept;
  TextSink& operator=(TextSink&& other) noexcept;
  TextSink(const TextSink&) = delete;
  TextSink& operator=(const TextSink&) = delete;
  ~TextSink();  ///< an unclosed file sink removes its temporary file

  std::string& text() { return text_; }
  TextSink& operator+=(std::string_view piece) {
    text_ += piece;
    return *this;
  }
  /// Writes the text gathered so far when it passes the threshold (file sinks
  /// only).
  void Spill() {
    if (file_ != nullptr && text_.size() >= spill_bytes_) Write();
  }
  /// File sinks: writes the rest, closes and renames; the first write error, if
  /// any.
  Status Close();
  /// Memory sinks: the whole text.
  std::string Take() { return std::move(text_); }

 private:
  void Write();
  void Discard();

  std::string text_;
  std::FILE* file_ = nullptr;
  std::string path_, temp_;
  size_t spill_bytes_ = kSpillBytes;
  bool failed_ = false;
  int error_ = 0;
};

}  // namespace unmask
