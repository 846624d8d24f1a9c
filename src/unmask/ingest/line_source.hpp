#pragma once
// LineSource: the lines of one input file, plain or compressed, read in large
// chunks with memory bounded by the chunk size plus the longest line. It knows
// nothing about what a line means, so every line-based reader (activity JSONL,
// CSV tables, ...) shares it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "unmask/core/status.hpp"

namespace unmask {

enum class Compression : uint8_t { kNone, kGzip, kZstd };
std::string_view Name(Compression compression);

/// Guesses the compression from a file's first bytes (gzip 1f 8b, zstd
/// 28 b5 2f fd or a zstd skippable frame); kNone when neither matches.
Compression DetectCompression(std::string_view first_bytes);

struct LineSourceOptions {
  /// Bytes read from the file per call, and the initial line buffer size.
  size_t chunk_bytes = size_t{1} << 20;
  /// A line longer than this stops the source with an error (protects memory
  /// from a file that has no newlines at all).
  size_t max_line_bytes = size_t{1} << 30;
};

/// Reads the lines of a file. Typical use:
///
///   auto source = LineSource::Open(path);
///   if (!source.ok()) return source.status();
///   std::string_view line;
///   while ((*source)->Next(line)) Use((*source)->line_number(), line);
///   if (!(*source)->error().empty()) Record((*source)->error());
///
/// Lines exclude their terminator ("\n" or "\r\n"); a UTF-8 byte-order mark at
/// the start of the file is dropped; a last line without a newline is still a
/// line. A corrupt or truncated compressed stream ends the source early: every
/// line decoded before the damage is delivered (a final partial line
/// included), then Next() returns false and error() says what happened. Memory
/// is O(chunk_bytes + longest line); time is linear in the decompressed size.
class LineSource {
 public:
  /// Bytes readable after the end of every line returned by Next(), so that
  /// parsers needing padding (simdjson) may read past a line without a copy.
  /// Their content is unspecified.
  static constexpr size_t kPadding = 64;

  /// Opens `path`. Fails with a Status naming the path and the OS reason when
  /// the file cannot be opened or is a directory.
  static Result<std::unique_ptr<LineSource>> Open(const std::string& path, const LineSourceOptions& options = {});

  ~LineSource();
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;

  /// The next line, valid until the following call. False at the end of input
  /// or after an error (see error()).
  bool Next(std::string_view& line);

  /// Up to `max_bytes` of the decompressed start of the file (BOM removed),
  /// for format sniffing. Only valid before the first Next().
  std::string_view Peek(size_t max_bytes = 4096);

  /// 1-based number of the line last returned by Next() (0 before).
  uint64_t line_number() const { return line_number_; }
  /// Bytes read from the file so far (compressed size), for progress bars.
  uint64_t compressed_bytes_read() const { return file_bytes_read_; }
  /// Decompressed bytes produced so far.
  uint64_t decompressed_bytes() const { return decompressed_bytes_; }
  /// Size of the file on disk.
  uint64_t file_size() const { return file_size_; }
  Compression compression() const { return compression_; }
  const std::string& path() const { return path_; }
  /// Empty unless the input ended early (truncated or corrupt stream, read
  /// error, over-long line): "<file>: gzip stream ends early (truncated?) after line N".
  const std::string& error() const { return error_; }

  class Decoder;  // implementation detail (plain, gzip, zstd)

 private:
  LineSource(std::string path, int fd, uint64_t file_size, const LineSourceOptions& options);
  /// Appends decompressed bytes to the buffer; false when nothing more comes.
  bool Fill();
  void Fail(std::string what);

  std::string path_;
  int fd_ = -1;
  uint64_t file_size_ = 0;
  LineSourceOptions options_;
  Compression compression_ = Compression::kNone;
  std::unique_ptr<Decoder> decoder_;

  std::unique_ptr<char[]> buffer_;  // capacity_ + kPadding bytes
  size_t capacity_ = 0;
  size_t begin_ = 0;  // start of the unread bytes
  size_t end_ = 0;    // end of the valid bytes
  size_t scan_ = 0;   // no newline in [begin_, scan_)
  bool input_done_ = false;
  bool started_ = false;
  bool bom_checked_ = false;

  uint64_t line_number_ = 0;
  uint64_t file_bytes_read_ = 0;
  uint64_t decompressed_bytes_ = 0;
  std::string pending_error_;  // set by the decoder, reported once lines run out
  std::string error_;
};

}  // namespace unmask
