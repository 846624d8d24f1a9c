// DISARM techniques a network's own behaviour shows. Each technique here is
// one that activity data can show; ids and names follow the DISARM Red
// Framework (github.com/DISARMFoundation/DISARMframeworks).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "unmask/attribute/attribute.hpp"

namespace unmask {
namespace {

bool Fired(const Network& net, std::string_view name) {
  return std::any_of(net.indicators.begin(), net.indicators.end(),
                     [&](const Indicator& i) { return i.name == name && i.fired && !i.against; });
}

// The DISARM channel technique of a platform (TA07 "Select Channels and Affordances").
const Technique* ChannelOf(std::string_view platform) {
  static const Technique kSocial{"T0104", "Social Networks"};
  static const Technique kMedia{"T0105", "Media Sharing Networks"};
  static const Technique kForums{"T0106", "Discussion Forums"};
  static const Technique kCuration{"T0107", "Bookmarking and Content Curation"};
  static const Technique kBlogs{"T0108", "Blogging and Publishing Networks"};
  static const Technique kChat{"T0043", "Chat apps"};
  static const std::map<std::string_view, const Technique*> kByPlatform = {
      {"facebook", &kSocial}, {"x", &kSocial}, {"twitter", &kSocial}, {"vk", &kSocial}, {"weibo", &kSocial},
      {"instagram", &kMedia}, {"youtube", &kMedia}, {"tiktok", &kMedia}, {"soundcloud", &kMedia}, {"vimeo", &kMedia},
      {"dailymotion", &kMedia}, {"flickr", &kMedia}, {"reddit", &kForums}, {"quora", &kForums},
      {"pinterest", &kCuration}, {"medium", &kBlogs}, {"tumblr", &kBlogs}, {"livejournal", &kBlogs},
      {"telegram", &kChat}, {"whatsapp", &kChat}};
  const auto it = kByPlatform.find(platform);
  return it == kByPlatform.end() ? nullptr : it->second;
}

void AddAccounts(const Network& net, std::vector<ObservedTechnique>& out) {
  std::vector<std::string> fired;
  for (const char* name : {"young_accounts", "creation_burst", "generated_handles", "shared_avatars", "copied_bios",
                           "shared_infrastructure"}) {
    if (Fired(net, name)) fired.emplace_back(name);
  }
  if (fired.empty()) return;
  std::string list;
  for (const std::string& f : fired) list += (list.empty() ? "" : ", ") + f;
  out.push_back({{"T0090", "Create Inauthentic Accounts"}, "identity indicators fired: " + list});
}

void AddPagesAndGroups(const Store& store, const Network& net, std::vector<ObservedTechnique>& out) {
  uint64_t pages = 0, groups = 0;
  for (ActorId a : net.members) {
    const ActorType type = store.actors().type[a];
    pages += type == ActorType::kPage;
    groups += type == ActorType::kGroup;
  }
  if (pages + groups == 0) return;
  out.push_back({{"T0007", "Create Inauthentic Social Media Pages and Groups"},
                 fmt::format("{} pages and {} groups run or filled by its accounts", pages, groups)});
}

// Posts whose near-duplicate text family holds at least three of the network's posts.
void AddReuse(const Store& store, const Network& net, std::vector<ObservedTechnique>& out) {
  const auto& family = store.posts().text_family;
  std::unordered_map<uint32_t, uint64_t> per_family;
  uint64_t texts = 0;
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      if (p >= family.size() || family[p] == kNone) continue;
      ++texts;
      ++per_family[family[p]];
    }
  }
  uint64_t reused = 0;
  for (const auto& [f, n] : per_family) reused += n >= 3 ? n : 0;
  const bool copied = Fired(net, "copy_paste");
  if (!copied && (texts == 0 || reused * 10 < texts * 3)) return;
  std::string evidence = copied ? "members post each other's texts word for word (copy_paste)" : "";
  if (texts > 0 && reused > 0) {
    evidence += fmt::format("{}{} of {} texts belong to near-duplicate families the network posted three times or more",
                            evidence.empty() ? "" : "; ", reused, texts);
  }
  out.push_back({{"T0084", "Reuse Existing Content"}, evidence});
}

// Shares and quotes of members' posts made on another platform.
void AddCrossPosting(const Store& store, const Network& net, std::vector<ObservedTechnique>& out) {
  const PostTable& posts = store.posts();
  uint64_t cross = 0;
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      const PostType t = posts.type[p];
      if (t != PostType::kShare && t != PostType::kQuote) continue;
      const PostId parent = posts.parent[p];
      if (parent == kNone || posts.platform[parent] == posts.platform[p]) continue;
      cross += std::binary_search(net.members.begin(), net.members.end(), posts.actor[parent]);
    }
  }
  if (cross == 0) return;
  out.push_back({{"T0119", "Cross-Posting"},
                 fmt::format("{} shares or quotes of its own posts from another platform", cross)});
}

void AddEngagement(const Store& store, const Network& net, std::vector<ObservedTechnique>& out) {
  if (Fired(net, "echo_chamber")) {
    out.push_back({{"T0092", "Build Network"}, fmt::format("members make {:.0f}% of the engagement with their posts",
                                                             100 * net.echo.InternalShare())});
  }
  if (Fired(net, "amplify_only")) {
    out.push_back({{"T0049", "Flooding the Information Space"}, "members mostly react and share (amplify_only)"});
  }
  const PostTable& posts = store.posts();
  uint64_t comments = 0, total = 0;
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      ++total;
      const PostType t = posts.type[p];
      if ((t == PostType::kComment || t == PostType::kReply) && posts.parent[p] != kNone &&
          !std::binary_search(net.members.begin(), net.members.end(), posts.actor[posts.parent[p]])) {
        ++comments;
      }
    }
  }
  if (total > 0 && comments * 5 >= total) {
    out.push_back({{"T0116", "Comment or Reply on Content"},
                   fmt::format("{} of {} actions are comments or replies on others' posts", comments, total)});
  }
}

void AddChannels(const Store& store, const Network& net, std::vector<ObservedTechnique>& out) {
  std::map<std::string, std::map<std::string, uint64_t>> by_technique;
  std::map<std::string, Technique> techniques;
  for (ActorId a : net.members) {
    const std::string_view platform = store.PlatformName(store.actors().platform[a]);
    const Technique* t = ChannelOf(platform);
    if (t == nullptr) continue;
    techniques[t->id] = *t;
    ++by_technique[t->id][std::string(platform)];
  }
  for (const auto& [id, platforms] : by_technique) {
    std::string list;
    for (const auto& [platform, n] : platforms) list += fmt::format("{}{} {}", list.empty() ? "" : ", ", n, platform);
    out.push_back({techniques[id], "members on " + list});
  }
}

}  // namespace

std::vector<ObservedTechnique> ObservedTechniques(const Store& store, const Network& net) {
  std::vector<ObservedTechnique> out;
  AddAccounts(net, out);
  AddPagesAndGroups(store, net, out);
  AddReuse(store, net, out);
  AddCrossPosting(store, net, out);
  AddEngagement(store, net, out);
  AddChannels(store, net, out);
  return out;
}

}  // namespace unmask
