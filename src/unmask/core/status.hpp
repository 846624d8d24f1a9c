#pragma once
// Status and Result<T>: expected failures (bad input, missing files) travel as
// values; exceptions are kept for what ends the whole run.
#include <string>
#include <utility>
#include <variant>

namespace unmask {

/// An error with a message that says what went wrong and where. `ok()` when empty.
class Status {
 public:
  Status() = default;
  static Status Error(std::string message) { return Status(std::move(message)); }
  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
  bool failed_ = false;
  std::string message_;
};

/// Either a value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {}  // NOLINT
  bool ok() const { return std::holds_alternative<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T& value() & { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  Status status() const { return ok() ? Status() : std::get<Status>(data_); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace unmask

#define UNMASK_CONCAT_INNER(a, b) a##b
#define UNMASK_CONCAT(a, b) UNMASK_CONCAT_INNER(a, b)

/// Returns the Status from the enclosing function when `expr` failed.
#define UNMASK_RETURN_IF_ERROR(expr)              \
  do {                                            \
    ::unmask::Status unmask_status_ = (expr);     \
    if (!unmask_status_.ok()) return unmask_status_; \
  } while (0)
