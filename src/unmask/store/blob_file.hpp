#pragma once
// A checksummed binary file of named blobs, for saved scan state. The file
// starts with an 8-byte magic and a format version; each blob is a name, an
// element size and count, the raw bytes and their XXH3 checksum. Readers check
// every field against what they expect and say which file and blob is wrong;
// a damaged or truncated file is an error, never a crash. Writers write to a
// temporary file beside the target and rename it into place on Commit(), so an
// interrupted write leaves the previous file untouched.
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "unmask/core/status.hpp"

namespace unmask {

class BlobWriter {
 public:
  /// Opens `path`.tmp-<pid> for writing and writes the header.
  static Result<BlobWriter> Create(const std::string& path, std::string_view magic, uint32_t version);
  BlobWriter(BlobWriter&& other) noexcept;
  BlobWriter& operator=(BlobWriter&&) = delete;
  BlobWriter(const BlobWriter&) = delete;
  ~BlobWriter();  ///< without Commit(): removes the temporary file

  template <typename T>
  void Put(std::string_view name, std::span<const T> values) {
    static_assert(std::is_trivially_copyable_v<T>);
    Begin(name, sizeof(T), values.size());
    Append(values.data(), values.size_bytes());
    End();
  }
  template <typename T>
  void Put(std::string_view name, const std::vector<T>& values) {
    Put(name, std::span<const T>(values));
  }
  template <typename T>
  void PutValue(std::string_view name, const T& value) {
    Put(name, std::span<const T>(&value, 1));
  }
  void PutString(std::string_view name, std::string_view text) { Put(name, std::span<const char>(text)); }

  /// A blob written in pieces: Begin, any number of Append (exactly
  /// count * element_size bytes in all), End.
  void Begin(std::string_view name, uint32_t element_size, uint64_t count);
  void Append(const void* data, size_t bytes);
  void End();

  /// Flushes, syncs and renames the temporary file to the target path.
  Status Commit();
  uint64_t bytes_written() const { return bytes_; }

 private:
  BlobWriter(std::string path, std::string temp, std::FILE* file);
  void Write(const void* data, size_t bytes);
  std::string path_, temp_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
  int error_ = 0;
  uint64_t bytes_ = 0;
  uint64_t expected_ = 0, appended_ = 0;
  void* hash_state_ = nullptr;  // XXH3 state of the blob being written
};

class BlobReader {
 public:
  /// Opens `path` and checks the magic; versions above `max_version` are refused.
  static Result<BlobReader> Open(const std::string& path, std::string_view magic, uint32_t max_version);
  BlobReader(BlobReader&& other) noexcept;
  BlobReader& operator=(BlobReader&&) = delete;
  BlobReader(const BlobReader&) = delete;
  ~BlobReader();

  uint32_t version() const { return version_; }
  const std::string& path() const { return path_; }

  template <typename T>
  Status Get(std::string_view name, std::vector<T>& out) {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t count = 0;
    UNMASK_RETURN_IF_ERROR(ReadHeader(name, sizeof(T), count));
    out.resize(count);
    return ReadBody(name, out.data(), count * sizeof(T));
  }
  template <typename T>
  Status GetValue(std::string_view name, T& value) {
    std::vector<T> one;
    UNMASK_RETURN_IF_ERROR(Get(name, one));
    if (one.size() != 1) return Error(name, "holds " + std::to_string(one.size()) + " values, expected 1");
    value = one[0];
    return {};
  }
  Status GetString(std::string_view name, std::string& text);
  /// An error naming the file and blob.
  Status Error(std::string_view name, std::string_view what) const;

 private:
  BlobReader(std::string path, std::FILE* file, uint64_t size);
  Status ReadHeader(std::string_view name, uint32_t element_size, uint64_t& count);
  Status ReadBody(std::string_view name, void* data, uint64_t bytes);
  bool ReadRaw(void* data, size_t bytes);
  std::string path_;
  std::FILE* file_ = nullptr;
  uint64_t size_ = 0, offset_ = 0;
  uint32_t version_ = 0;
  uint32_t element_size_ = 0;  // of the blob being read
  uint64_t count_ = 0;
};

}  // namespace unmask
