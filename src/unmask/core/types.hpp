#pragma once
// The dense ids and small enums every module shares.
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace unmask {

using StrId = uint32_t;     ///< an interned string; 0 is the empty string
using ActorId = uint32_t;   ///< dense index into the actor table
using PostId = uint32_t;    ///< dense index into the post table
using PlatformId = uint16_t;
using Time = int64_t;       ///< seconds since the Unix epoch, UTC

inline constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
inline constexpr PlatformId kNoPlatform = std::numeric_limits<PlatformId>::max();
inline constexpr Time kNoTime = std::numeric_limits<Time>::min();
inline constexpr int64_t kUnknownCount = -1;

enum class ActorType : uint8_t { kAccount, kPage, kGroup, kChannel };
enum class PostType : uint8_t { kPost, kComment, kReply, kShare, kQuote, kReaction };
enum class RelationType : uint8_t { kFollows, kMember, kAdmin, kOther };

inline constexpr int kActorTypeCount = 4;
inline constexpr int kPostTypeCount = 6;

std::string_view Name(ActorType type);
std::string_view Name(PostType type);
std::string_view Name(RelationType type);
std::optional<ActorType> ParseActorType(std::string_view text);
std::optional<PostType> ParsePostType(std::string_view text);
/// Any string is a valid relation type; unknown ones map to kOther.
RelationType ParseRelationType(std::string_view text);

/// True for the post types that act on another post (everything but kPost).
inline bool IsEngagement(PostType type) { return type != PostType::kPost; }

}  // namespace unmask
