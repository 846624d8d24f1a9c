#include "unmask/ingest/line_source.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace unmask {

std::string_view Name(Compression compression) {
  switch (compression) {
    case Compression::kNone: return "plain";
    case Compression::kGzip: return "gzip";
    case Compression::kZstd: return "zstd";
  }
  return "?";
}

Compression DetectCompression(std::string_view b) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
  if (b.size() >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) return Compression::kGzip;
  if (b.size() >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f && byte(3) == 0xfd) {
    return Compression::kZstd;
  }
  // A zstd file may start with a skippable frame (magic 0x184D2A5?, little endian).
  if (b.size() >= 4 && (byte(0) & 0xf0) == 0x50 && byte(1) == 0x2a && byte(2) == 0x4d && byte(3) == 0x18) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

namespace {

std::string OsError(int error) { return std::strerror(error); }

// The raw bytes of the file, read in chunks. Decoders pull from it.
struct Input {
  int fd = -1;
  std::unique_ptr<unsigned char[]> data;
  size_t capacity = 0;
  size_t pos = 0;
  size_t end = 0;
  bool eof = false;
  uint64_t* bytes_read = nullptr;
  std::string error;

  size_t available() const { return end - pos; }

  // Reads the next chunk when the current one is used up. False at end of
  // file or on a read error (then `error` is set).
  bool Refill() {
    if (pos < end) return true;
    pos = end = 0;
    if (eof) return false;
    const ssize_t n = ReadSome(data.get(), capacity);
    if (n <= 0) {
      eof = true;
      return false;
    }
    end = static_cast<size_t>(n);
    return true;
  }

  ssize_t ReadSome(void* out, size_t size) {
    for (;;) {
      const ssize_t n = ::read(fd, out, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error = fmt::format("read error ({})", OsError(errno));
      if (n > 0) *bytes_read += static_cast<uint64_t>(n);
      return n;
    }
  }
};

}  // namespace

class LineSource::Decoder {
 public:
  explicit Decoder(Input input) : in_(std::move(input)) {}
  virtual ~Decoder() = default;
  /// Writes up to `capacity` decompressed bytes to `out`; returns how many.
  /// Returns 0 only at the end of the data or after an error (error() set).
  virtual size_t Read(char* out, size_t capacity) = 0;
  const std::string& error() const { return in_.error.empty() ? error_ : in_.error; }

 protected:
  Input in_;
  std::string error_;
};

namespace {

class PlainDecoder final : public LineSource::Decoder {
 public:
  using Decoder::Decoder;
  size_t Read(char* out, size_t capacity) override {
    if (in_.available() > 0) {
      const size_t n = std::min(capacity, in_.available());
      std::memcpy(out, in_.data.get() + in_.pos, n);
      in_.pos += n;
      return n;
    }
    if (in_.eof) return 0;
    // Large reads go straight into the line buffer, skipping a copy.
    const ssize_t n = in_.ReadSome(out, capacity);
    if (n <= 0) {
      in_.eof = true;
      return 0;
    }
    return static_cast<size_t>(n);
  }
};

class GzipDecoder final : public LineSource::Decoder {
 public:
  explicit GzipDecoder(Input input) : Decoder(std::move(input)) {
    std::memset(&zs_, 0, sizeof zs_);
    // 15 + 16: a gzip wrapper, not zlib; members are handled one at a time.
    if (inflateInit2(&zs_, 15 + 16) != Z_OK) {
      error_ = "cannot initialise zlib";
      failed_ = true;
    } else {
      initialised_ = true;
    }
    // The first chunk (read to detect the compression) is already buffered.
    zs_.next_in = in_.data.get() + in_.pos;
    zs_.avail_in = static_cast<uInt>(in_.available());
  }
  ~GzipDecoder() override {
    if (initialised_) inflateEnd(&zs_);
  }

  size_t Read(char* out, size_t capacity) override {
    if (failed_ || done_) return 0;
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(capacity, 1u << 30));
    const uInt start = zs_.avail_out;
    while (zs_.avail_out > 0) {
      if (zs_.avail_in == 0 && !in_.eof) {
        in_.pos = in_.end;  // everything handed to zlib was consumed
        if (in_.Refill()) {
          zs_.next_in = in_.data.get();
          zs_.avail_in = static_cast<uInt>(in_.end);
        } else if (!in_.error.empty()) {
          failed_ = true;
          break;
        }
      }
      if (member_done_) {
        if (!StartNextMember()) break;
        continue;
      }
      const uInt before_out = zs_.avail_out;
      const uInt before_in = zs_.avail_in;
      const int ret = inflate(&zs_, Z_NO_FLUSH);
      if (ret == Z_STREAM_END) {
        member_done_ = true;
        continue;
      }
      const bool progress = zs_.avail_out != before_out || zs_.avail_in != before_in;
      if (ret == Z_BUF_ERROR || (ret == Z_OK && !progress)) {
        if (zs_.avail_in == 0 && in_.eof) {
          error_ = "gzip stream ends early (truncated?)";
          failed_ = true;
          break;
        }
        continue;
      }
      if (ret != Z_OK) {
        error_ = fmt::format("gzip stream is corrupt ({})", zs_.msg != nullptr ? zs_.msg : "zlib error");
        failed_ = true;
        break;
      }
    }
    return start - zs_.avail_out;
  }

 private:
  // After a member's end: another member (concatenated .gz files), zero
  // padding (some tools pad to a block size), or the end. False to stop.
  bool StartNextMember() {
    while (zs_.avail_in > 0 && *zs_.next_in == 0) {
      ++zs_.next_in;
      --zs_.avail_in;
    }
    if (zs_.avail_in == 0) {
      if (in_.eof) {
        done_ = true;
        return false;
      }
      return true;  // refill and look again
    }
    if (*zs_.next_in != 0x1f) {
      error_ = "unexpected data after the end of the gzip stream";
      failed_ = true;
      return false;
    }
    inflateReset(&zs_);
    member_done_ = false;
    return true;
  }

  z_stream zs_;
  bool initialised_ = false;
  bool member_done_ = false;
  bool done_ = false;
  bool failed_ = false;
};

class ZstdDecoder final : public LineSource::Decoder {
 public:
  explicit ZstdDecoder(Input input) : Decoder(std::move(input)), ds_(ZSTD_createDStream()) {
    if (ds_ == nullptr) {
      error_ = "cannot initialise zstd";
      failed_ = true;
    } else {
      ZSTD_initDStream(ds_);
    }
  }
  ~ZstdDecoder() override { ZSTD_freeDStream(ds_); }

  size_t Read(char* out, size_t capacity) override {
    if (failed_ || done_) return 0;
    ZSTD_outBuffer output{out, capacity, 0};
    while (output.pos < output.size) {
      if (in_.available() == 0 && !in_.eof && !in_.Refill() && !in_.error.empty()) {
        failed_ = true;
        break;
      }
      ZSTD_inBuffer input{in_.data.get(), in_.end, in_.pos};
      const size_t before_out = output.pos;
      const size_t before_in = input.pos;
      const size_t ret = ZSTD_decompressStream(ds_, &output, &input);
      in_.pos = input.pos;
      if (ZSTD_isError(ret)) {
        error_ = fmt::format("zstd stream is corrupt ({})", ZSTD_getErrorName(ret));
        failed_ = true;
        break;
      }
      const bool progress = output.pos != before_out || input.pos != before_in;
      // A call without progress returns only a hint for the next frame.
      if (progress) frame_open_ = ret != 0;
      if (!progress && in_.available() == 0 && in_.eof) {
        // No input left and nothing more to flush.
        if (frame_open_) {
          error_ = "zstd stream ends early (truncated?)";
          failed_ = true;
        } else {
          done_ = true;
        }
        break;
      }
      if (!progress && in_.available() > 0) {  // cannot happen with a sane libzstd
        error_ = "zstd decoder made no progress";
        failed_ = true;
        break;
      }
    }
    return output.pos;
  }

 private:
  ZSTD_DStream* ds_;
  bool frame_open_ = true;
  bool done_ = false;
  bool failed_ = false;
};

}  // namespace

Result<std::unique_ptr<LineSource>> LineSource::Open(const std::string& path, const LineSourceOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error(fmt::format("cannot open input file {}: {}", path, OsError(errno)));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return Status::Error(fmt::format("cannot read input file {}: {}", path, OsError(error)));
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return Status::Error(fmt::format("cannot read input file {}: {}", path, OsError(EISDIR)));
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  std::unique_ptr<LineSource> source(
      new LineSource(path, fd, S_ISREG(info.st_mode) ? static_cast<uint64_t>(info.st_size) : 0, options));

  Input input;
  input.fd = fd;
  input.capacity = std::max<size_t>(options.chunk_bytes, 4096);
  input.data = std::make_unique<unsigned char[]>(input.capacity);
  input.bytes_read = &source->file_bytes_read_;
  // The magic bytes decide; the name's extension is not trusted (a renamed or
  // already decompressed .gz is common). Short reads (pipes) are retried so
  // that the four magic bytes are really seen.
  while (input.end < 4) {
    const ssize_t n = input.ReadSome(input.data.get() + input.end, input.capacity - input.end);
    if (n <= 0) {
      if (n < 0) return Status::Error(fmt::format("cannot read input file {}: {}", path, input.error));
      input.eof = true;
      break;
    }
    input.end += static_cast<size_t>(n);
  }
  source->compression_ = DetectCompression(
      std::string_view(reinterpret_cast<const char*>(input.data.get()), std::min<size_t>(input.end, 4)));
  switch (source->compression_) {
    case Compression::kNone: source->decoder_ = std::make_unique<PlainDecoder>(std::move(input)); break;
    case Compression::kGzip: source->decoder_ = std::make_unique<GzipDecoder>(std::move(input)); break;
    case Compression::kZstd: source->decoder_ = std::make_unique<ZstdDecoder>(std::move(input)); break;
  }
  return source;
}

LineSource::LineSource(std::string path, int fd, uint64_t file_size, const LineSourceOptions& options)
    : path_(std::move(path)), fd_(fd), file_size_(file_size), options_(options) {
  capacity_ = std::max<size_t>(options_.chunk_bytes, 4096);
  buffer_ = std::make_unique<char[]>(capacity_ + kPadding);
}

LineSource::~LineSource() {
  decoder_.reset();
  if (fd_ >= 0) ::close(fd_);
}

bool LineSource::Fill() {
  if (input_done_) return false;
  // Keep the partial line, move it to the front, and make sure a read can
  // still be large: grow when the partial line fills half the buffer.
  const size_t partial = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, partial);
    scan_ -= begin_;
    begin_ = 0;
    end_ = partial;
  }
  if (partial > capacity_ / 2) {
    if (partial > options_.max_line_bytes) {
      input_done_ = true;
      begin_ = end_ = scan_ = 0;  // drop the partial line rather than deliver it cut
      pending_error_ =
          fmt::format("line {} is longer than {} bytes; reading stopped", line_number_ + 1, options_.max_line_bytes);
      return false;
    }
    const size_t capacity = capacity_ * 2;
    auto bigger = std::make_unique<char[]>(capacity + kPadding);
    std::memcpy(bigger.get(), buffer_.get(), partial);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
  }
  const size_t n = decoder_->Read(buffer_.get() + end_, capacity_ - end_);
  end_ += n;
  decompressed_bytes_ += n;
  if (n == 0) {
    input_done_ = true;
    pending_error_ = decoder_->error();
    return false;
  }
  return true;
}

void LineSource::Fail(std::string what) {
  error_ = fmt::format("{}: {} after line {}", path_, what, line_number_);
}

std::string_view LineSource::Peek(size_t max_bytes) {
  if (!bom_checked_) {
    while (end_ - begin_ < std::max<size_t>(max_bytes, 3) && Fill()) {
    }
    if (end_ - begin_ >= 3 && std::memcmp(buffer_.get() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
    scan_ = begin_;
    bom_checked_ = true;
  }
  while (!started_ && end_ - begin_ < max_bytes && Fill()) {
  }
  return {buffer_.get() + begin_, std::min(end_ - begin_, max_bytes)};
}

bool LineSource::Next(std::string_view& line) {
  if (!bom_checked_) Peek(3);
  started_ = true;
  for (;;) {
    const char* base = buffer_.get();
    const void* newline = scan_ < end_ ? std::memchr(base + scan_, '\n', end_ - scan_) : nullptr;
    if (newline != nullptr) {
      const size_t at = static_cast<size_t>(static_cast<const char*>(newline) - base);
      size_t stop = at;
      if (stop > begin_ && base[stop - 1] == '\r') --stop;
      line = std::string_view(base + begin_, stop - begin_);
      begin_ = scan_ = at + 1;
      ++line_number_;
      return true;
    }
    scan_ = end_;
    if (!Fill()) break;
  }
  if (begin_ < end_) {  // the last line has no newline
    size_t stop = end_;
    if (buffer_[stop - 1] == '\r') --stop;
    line = std::string_view(buffer_.get() + begin_, stop - begin_);
    begin_ = scan_ = end_;
    ++line_number_;
    return true;
  }
  if (!pending_error_.empty() && error_.empty()) Fail(pending_error_);
  return false;
}

}  // namespace unmask
