#pragma once
// JSON written straight into a string as it is produced, with no tree: the
// same bytes nlohmann::ordered_json::dump(1, ' ', false, replace) gives for
// the same values in the same order (indent of one space per level, "key":
// value, empty objects and arrays as {} and [], strings escaped as nlohmann
// escapes them, doubles in nlohmann's shortest round-trip form, NaN and
// infinities as null). report.json is written with it a network at a time.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace unmask {

class JsonOut {
 public:
  /// Appends to `out`, which must outlive the writer.
  explicit JsonOut(std::string& out) : out_(&out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  /// The next member's key (inside an object); its value follows.
  JsonOut& Key(std::string_view key);

  void Null();
  void Bool(bool b);
  void Int(int64_t n);
  void UInt(uint64_t n);
  void Double(double x);
  void String(std::string_view s);

  /// A value as nlohmann converts it: bool, integers, floating point (a float
  /// is widened to double first), strings, vectors and arrays (JSON arrays),
  /// maps with string keys (objects, in the map's order), nullptr.
  template <typename T>
  void Value(const T& v) {
    using U = std::decay_t<T>;
    if constexpr (std::is_same_v<U, bool>) {
      Bool(v);
    } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
      Int(v);
    } else if constexpr (std::is_integral_v<U>) {
      UInt(v);
    } else if constexpr (std::is_floating_point_v<U>) {
      Double(static_cast<double>(v));
    } else if constexpr (std::is_same_v<U, std::nullptr_t>) {
      Null();
    } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
      String(std::string_view(v));
    } else if constexpr (IsMap<U>::value) {
      BeginObject();
      for (const auto& [key, item] : v) Field(key, item);
      EndObject();
    } else {
      BeginArray();
      for (const auto& item : v) Value(item);
      EndArray();
    }
  }

  /// Key(key) then Value(value).
  template <typename T>
  void Field(std::string_view key, const T& value) {
    Key(key);
    Value(value);
  }

  /// Nesting depth: 0 at the top, 1 inside the outermost object ...
  size_t depth() const { return open_.size(); }

 private:
  template <typename U>
  struct IsMap : std::false_type {};
  template <typename K, typename V, typename C, typename A>
  struct IsMap<std::map<K, V, C, A>> : std::true_type {};

  void Open(char bracket);
  void Close(char bracket);
  void BeforeValue();
  void NewElement();

  std::string* out_;
  std::vector<uint64_t> open_;  ///< elements written so far in each open object or array
  bool after_key_ = false;      ///< a key was written; its value comes next
};

/// `s` as a quoted JSON string escaped as nlohmann's dump escapes it (invalid
/// UTF-8 replaced by U+FFFD), appended to `out`.
void AppendJsonString(std::string& out, std::string_view s);
/// `x` as nlohmann's dump writes a double, appended to `out`.
void AppendJsonDouble(std::string& out, double x);

}  // namespace unmask
