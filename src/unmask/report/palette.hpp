#pragma once
// Colours shared by report.html and the graph exports, so a platform looks
// the same in the report and in Gephi.
#include <string>
#include <string_view>

namespace unmask {

/// "#1877f2" for facebook ...; platforms without their own colour get one of
/// a fixed set, chosen by a hash of the name (stable across runs).
std::string PlatformColor(std::string_view platform);

/// Who made an engagement: the network itself, another takedown network, or authentic actors.
inline constexpr std::string_view kInternalColor = "#d1495b";
inline constexpr std::string_view kOtherTakedownColor = "#edae49";
inline constexpr std::string_view kAuthenticColor = "#00798c";
inline constexpr std::string_view kMemberActivityColor = "#5c6b7a";

}  // namespace unmask
