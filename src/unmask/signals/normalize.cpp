#include "unmask/signals/normalize.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace unmask {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool IsTrackingParam(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "fbclid", "gclid", "si", "feature", "igshid", "ref", "ref_src", "s", "t", "mc_cid", "mc_eid", "_ga"};
  if (StartsWith(name, "utm_")) return true;
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t end = std::min(s.find(sep, start), s.size());
    if (end > start) parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool IsUtf8Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the token starting at i that ends at whitespace.
size_t TokenEnd(std::string_view s, size_t i) {
  while (i < s.size() && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r') ++i;
  return i;
}

}  // namespace

std::string NormalizeUrl(std::string_view url) {
  while (!url.empty() && (url.back() == ' ' || url.back() == '.' || url.back() == ',')) url.remove_suffix(1);
  std::string_view rest = url;
  if (const size_t scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
  } else if (!StartsWith(LowerAscii(rest.substr(0, 4)), "www.")) {
    if (rest.find('.') == std::string_view::npos) return "";
  }
  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const size_t path_start = std::min(rest.find_first_of("/?"), rest.size());
  std::string host = LowerAscii(rest.substr(0, path_start));
  if (const size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if (host.size() > 3 && host.compare(host.size() - 3, 3, ":80") == 0) host.resize(host.size() - 3);
  if (host.size() > 4 && host.compare(host.size() - 4, 4, ":443") == 0) host.resize(host.size() - 4);
  for (std::string_view prefix : {"www.", "m.", "mobile."}) {
    if (StartsWith(host, prefix)) host.erase(0, prefix.size());
  }
  if (host.empty()) return "";
  std::string_view path_query = rest.substr(path_start);
  std::string_view path = path_query.substr(0, std::min(path_query.find('?'), path_query.size()));
  std::string_view query = path.size() < path_query.size() ? path_query.substr(path.size() + 1) : "";
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);

  std::vector<std::string_view> params;
  for (std::string_view param : Split(query, '&')) {
    const std::string_view name = param.substr(0, param.find('='));
    if (!IsTrackingParam(LowerAscii(name))) params.push_back(param);
  }
  if (host == "youtu.be" && path.size() > 1) {
    std::string out = "https://youtube.com/watch?v=";
    out += path.substr(1);
    return out;
  }
  std::sort(params.begin(), params.end());
  std::string out = "https://" + host;
  out += path;
  for (size_t i = 0; i < params.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += params[i];
  }
  return out;
}

std::string NormalizeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool token_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '\t';
    if (token_start && (c == '@' || c == '#' || StartsWith(text.substr(i), "http://") ||
                        StartsWith(text.substr(i), "https://") || StartsWith(text.substr(i), "www."))) {
      i = TokenEnd(text, i);
      pending_space = true;
      continue;
    }
    if (c >= 0x80) {  // keep multi-byte characters whole
      size_t end = i + 1;
      while (end < text.size() && IsUtf8Continuation(static_cast<unsigned char>(text[end]))) ++end;
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out += Lower(static_cast<char>(c));
    } else {
      pending_space = true;
    }
    ++i;
  }
  return out;
}

size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += !IsUtf8Continuation(static_cast<unsigned char>(c));
  return n;
}

}  // namespace unmask
