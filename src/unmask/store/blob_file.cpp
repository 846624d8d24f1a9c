#include "unmask/store/blob_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace unmask {
namespace {

constexpr size_t kMagicBytes = 8;

std::string PaddedMagic(std::string_view magic) {
  std::string out(magic.substr(0, kMagicBytes));
  out.resize(kMagicBytes, '\0');
  return out;
}

// The checksum covers the blob's shape as well as its bytes.
XXH3_state_t* StartHash(uint32_t element_size, uint64_t count) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, &element_size, sizeof element_size);
  XXH3_64bits_update(state, &count, sizeof count);
  return state;
}

}  // namespace

// ---------------------------------------------------------------- writer

BlobWriter::BlobWriter(std::string path, std::string temp, std::FILE* file)
    : path_(std::move(path)), temp_(std::move(temp)), file_(file) {}

BlobWriter::BlobWriter(BlobWriter&& other) noexcept
    : path_(std::move(other.path_)),
      temp_(std::move(other.temp_)),
      file_(other.file_),
      failed_(other.failed_),
      error_(other.error_),
      bytes_(other.bytes_),
      expected_(other.expected_),
      appended_(other.appended_),
      hash_state_(other.hash_state_) {
  other.file_ = nullptr;
  other.hash_state_ = nullptr;
  other.temp_.clear();
}

BlobWriter::~BlobWriter() {
  if (hash_state_ != nullptr) XXH3_freeState(static_cast<XXH3_state_t*>(hash_state_));
  if (file_ != nullptr) std::fclose(file_);
  if (!temp_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

Result<BlobWriter> BlobWriter::Create(const std::string& path, std::string_view magic, uint32_t version) {
  const std::string temp = fmt::format("{}.tmp-{}", path, ::getpid());
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) return Status::Error(fmt::format("cannot write {}: {}", temp, std::strerror(errno)));
  BlobWriter writer(path, temp, file);
  const std::string padded = PaddedMagic(magic);
  writer.Write(padded.data(), padded.size());
  const uint32_t header[2] = {version, 0};
  writer.Write(header, sizeof header);
  return writer;
}

void BlobWriter::Write(const void* data, size_t bytes) {
  if (failed_ || bytes == 0) return;
  if (std::fwrite(data, 1, bytes, file_) != bytes) {
    failed_ = true;
    error_ = errno;
  }
  bytes_ += bytes;
}

void BlobWriter::Begin(std::string_view name, uint32_t element_size, uint64_t count) {
  const auto name_size = static_cast<uint16_t>(name.size());
  Write(&name_size, sizeof name_size);
  Write(name.data(), name_size);
  Write(&element_size, sizeof element_size);
  Write(&count, sizeof count);
  expected_ = count * element_size;
  appended_ = 0;
  hash_state_ = StartHash(element_size, count);
}

void BlobWriter::Append(const void* data, size_t bytes) {
  XXH3_64bits_update(static_cast<XXH3_state_t*>(hash_state_), data, bytes);
  appended_ += bytes;
  Write(data, bytes);
}

void BlobWriter::End() {
  auto* state = static_cast<XXH3_state_t*>(hash_state_);
  const uint64_t checksum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  hash_state_ = nullptr;
  if (appended_ != expected_) {  // a bug in the caller: refuse to commit a file that cannot be read back
    failed_ = true;
    error_ = EINVAL;
  }
  Write(&checksum, sizeof checksum);
}

Status BlobWriter::Commit() {
  if (file_ == nullptr) return Status::Error(fmt::format("{}: already committed", path_));
  if (!failed_ && std::fflush(file_) != 0) {
    failed_ = true;
    error_ = errno;
  }
  if (!failed_ && ::fsync(::fileno(file_)) != 0) {
    failed_ = true;
    error_ = errno;
  }
  std::fclose(file_);
  file_ = nullptr;
  if (failed_) return Status::Error(fmt::format("cannot write {}: {}", temp_, std::strerror(error_)));
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    return Status::Error(fmt::format("cannot rename {} to {}: {}", temp_, path_, std::strerror(errno)));
  }
  temp_.clear();
  // The rename itself is durable once the folder is synced.
  const std::string dir = std::filesystem::path(path_).parent_path().string();
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  return {};
}

// ---------------------------------------------------------------- reader

BlobReader::BlobReader(std::string path, std::FILE* file, uint64_t size)
    : path_(std::move(path)), file_(file), size_(size) {}

BlobReader::BlobReader(BlobReader&& other) noexcept
    : path_(std::move(other.path_)),
      file_(other.file_),
      size_(other.size_),
      offset_(other.offset_),
      version_(other.version_) {
  other.file_ = nullptr;
}

BlobReader::~BlobReader() {
  if (file_ != nullptr) std::fclose(file_);
}

Result<BlobReader> BlobReader::Open(const std::string& path, std::string_view magic, uint32_t max_version) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Status::Error(fmt::format("cannot read {}: {}", path, std::strerror(EISDIR)));
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Status::Error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  const uint64_t size = std::filesystem::file_size(path, error);
  BlobReader reader(path, file, error ? 0 : size);
  std::string found(kMagicBytes, '\0');
  uint32_t header[2] = {0, 0};
  if (!reader.ReadRaw(found.data(), found.size()) || found != PaddedMagic(magic)) {
    return Status::Error(fmt::format("{} is not an unmask state file (it does not start with \"{}\")", path, magic));
  }
  if (!reader.ReadRaw(header, sizeof header)) {
    return Status::Error(fmt::format("{}: file ends inside its header (truncated)", path));
  }
  reader.version_ = header[0];
  if (header[0] == 0 || header[0] > max_version) {
    return Status::Error(fmt::format("{}: format version {} is not one this unmask reads (1 to {}); "
                                     "rebuild it with a full scan",
                                     path, header[0], max_version));
  }
  return reader;
}

bool BlobReader::ReadRaw(void* data, size_t bytes) {
  if (bytes == 0) return true;
  if (std::fread(data, 1, bytes, file_) != bytes) return false;
  offset_ += bytes;
  return true;
}

Status BlobReader::Error(std::string_view name, std::string_view what) const {
  return Status::Error(fmt::format("{}: blob '{}' (at byte {}) {}", path_, name, offset_, what));
}

Status BlobReader::ReadHeader(std::string_view name, uint32_t element_size, uint64_t& count) {
  uint16_t name_size = 0;
  if (!ReadRaw(&name_size, sizeof name_size)) return Error(name, "is missing: the file ends early (truncated)");
  std::string found(name_size, '\0');
  if (!ReadRaw(found.data(), found.size())) return Error(name, "is missing: the file ends early (truncated)");
  if (found != name) {
    return Error(name, fmt::format("expected, found '{}' instead (damaged, or written by another version)",
                                   found.substr(0, 64)));
  }
  uint32_t size = 0;
  if (!ReadRaw(&size, sizeof size) || !ReadRaw(&count, sizeof count)) {
    return Error(name, "is cut short: the file ends early (truncated)");
  }
  element_size_ = size;
  count_ = count;
  if (size != element_size) {
    return Error(name, fmt::format("has {}-byte elements, expected {} (damaged)", size, element_size));
  }
  const uint64_t remaining = size_ > offset_ ? size_ - offset_ : 0;
  if (count > remaining / element_size) {
    return Error(name, fmt::format("declares {} values, more than the {} bytes left in the file (truncated)", count,
                                   remaining));
  }
  return {};
}

Status BlobReader::ReadBody(std::string_view name, void* data, uint64_t bytes) {
  if (!ReadRaw(data, bytes)) return Error(name, "is cut short: the file ends early (truncated)");
  uint64_t stored = 0;
  if (!ReadRaw(&stored, sizeof stored)) return Error(name, "has no checksum: the file ends early (truncated)");
  XXH3_state_t* state = StartHash(element_size_, count_);
  XXH3_64bits_update(state, data, bytes);
  const uint64_t computed = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  if (computed != stored) return Error(name, "fails its checksum (the file is damaged)");
  return {};
}

Status BlobReader::GetString(std::string_view name, std::string& text) {
  std::vector<char> bytes;
  UNMASK_RETURN_IF_ERROR(Get(name, bytes));
  text.assign(bytes.begin(), bytes.end());
  return {};
}

}  // namespace unmask
