#include "unmask/ingest/quarantine.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace unmask {

Quarantine::Quarantine(std::filesystem::path directory) : directory_(std::move(directory)) {}

Quarantine::~Quarantine() {
  if (jsonl_ != nullptr) std::fclose(jsonl_);
  if (log_ != nullptr) std::fclose(log_);
}

void Quarantine::OpenFiles() {
  opened_ = true;
  std::error_code error;
  std::filesystem::create_directories(*directory_, error);
  if (error) {
    status_ = Status::Error(
        fmt::format("cannot create quarantine directory {}: {}", directory_->string(), error.message()));
    return;
  }
  const auto open = [&](const char* name) -> std::FILE* {
    const std::filesystem::path path = *directory_ / name;
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr && status_.ok()) {
      status_ = Status::Error(fmt::format("cannot write quarantine file {}: {}", path.string(), std::strerror(errno)));
    }
    return file;
  };
  jsonl_ = open("quarantine.jsonl");
  log_ = open("quarantine.log");
  // Large buffers: a badly broken input can send millions of lines here.
  if (jsonl_ != nullptr) std::setvbuf(jsonl_, nullptr, _IOFBF, 1 << 20);
  if (log_ != nullptr) std::setvbuf(log_, nullptr, _IOFBF, 1 << 18);
}

void Quarantine::Add(std::string_view file, uint64_t line, std::string_view raw, std::string_view category,
                     std::string_view reason) {
  ++total_;
  bool found = false;
  for (auto& [name, count] : by_category_) {
    if (name == category) {
      ++count;
      found = true;
      break;
    }
  }
  if (!found) by_category_.emplace_back(std::string(category), 1);
  if (examples_.size() < kMaxExamples) {
    examples_.push_back({std::string(file), line, std::string(category), std::string(reason)});
  }
  if (!directory_) return;
  if (!opened_) OpenFiles();
  if (jsonl_ != nullptr) {
    if (std::fwrite(raw.data(), 1, raw.size(), jsonl_) != raw.size() || std::fputc('\n', jsonl_) == EOF) {
      if (status_.ok()) status_ = Status::Error(fmt::format("cannot write quarantine file: {}", std::strerror(errno)));
    }
  }
  if (log_ != nullptr) {
    fmt::print(log_, "{}:{}: {}\n", file, line, reason);
  }
}

uint64_t Quarantine::count(std::string_view category) const {
  for (const auto& [name, count] : by_category_) {
    if (name == category) return count;
  }
  return 0;
}

Status Quarantine::Flush() {
  for (std::FILE* file : {jsonl_, log_}) {
    if (file != nullptr && std::fflush(file) != 0 && status_.ok()) {
      status_ = Status::Error(fmt::format("cannot write quarantine file: {}", std::strerror(errno)));
    }
  }
  return status_;
}

std::optional<std::filesystem::path> Quarantine::jsonl_path() const {
  if (jsonl_ == nullptr) return std::nullopt;
  return *directory_ / "quarantine.jsonl";
}

std::optional<std::filesystem::path> Quarantine::log_path() const {
  if (log_ == nullptr) return std::nullopt;
  return *directory_ / "quarantine.log";
}

}  // namespace unmask
