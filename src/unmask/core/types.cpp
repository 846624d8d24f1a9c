#include "unmask/core/types.hpp"

#include <array>

namespace unmask {
namespace {
constexpr std::array<std::string_view, kActorTypeCount> kActorNames = {"account", "page", "group", "channel"};
constexpr std::array<std::string_view, kPostTypeCount> kPostNames = {"post",  "comment", "reply",
                                                                      "share", "quote",   "reaction"};
constexpr std::array<std::string_view, 4> kRelationNames = {"follows", "member", "admin", "other"};

template <typename Enum, size_t N>
std::optional<Enum> Lookup(const std::array<std::string_view, N>& names, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}
}  // namespace

std::string_view Name(ActorType type) { return kActorNames[static_cast<size_t>(type)]; }
std::string_view Name(PostType type) { return kPostNames[static_cast<size_t>(type)]; }
std::string_view Name(RelationType type) { return kRelationNames[static_cast<size_t>(type)]; }
std::optional<ActorType> ParseActorType(std::string_view text) { return Lookup<ActorType>(kActorNames, text); }
std::optional<PostType> ParsePostType(std::string_view text) { return Lookup<PostType>(kPostNames, text); }
RelationType ParseRelationType(std::string_view text) {
  auto type = Lookup<RelationType>(kRelationNames, text);
  return type ? *type : RelationType::kOther;
}

}  // namespace unmask
