#include "unmask/report/palette.hpp"

#include <array>
#include <cstdint>
#include <utility>

namespace unmask {

std::string PlatformColor(std::string_view platform) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kKnown = {{
      {"facebook", "#1877f2"},
      {"instagram", "#c13584"},
      {"x", "#222222"},
      {"twitter", "#222222"},
      {"youtube", "#e62117"},
      {"tiktok", "#25c2b0"},
      {"reddit", "#ff7a00"},
      {"telegram", "#5ab4e6"},
      {"medium", "#2e7d32"},
      {"pinterest", "#8c1c13"},
      {"vk", "#4c6c91"},
      {"weibo", "#e6b800"},
  }};
  for (const auto& [name, color] : kKnown) {
    if (name == platform) return std::string(color);
  }
  static constexpr std::array<std::string_view, 8> kOthers = {"#8e6cbf", "#8c564b", "#7f7f7f", "#a5a51e",
                                                              "#17becf", "#e377c2", "#6b8e23", "#b07aa1"};
  uint32_t h = 2166136261u;  // FNV-1a: stable across runs and machines
  for (char c : platform) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return std::string(kOthers[h % kOthers.size()]);
}

}  // namespace unmask
