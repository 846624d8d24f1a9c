// Network::impact with names instead of ids, for every writer.
#include <fmt/format.h>

#include "unmask/core/time.hpp"
#include "unmask/report/report.hpp"

namespace unmask {

ImpactReport MakeImpactReport(const Store& store, const Network& net) {
  const Impact& impact = net.impact;
  ImpactReport r;
  for (const auto& [platform, split] : impact.echo_by_platform) {
    r.echo_by_platform[std::string(store.PlatformName(platform))] = split;
  }
  for (const auto& [network, n] : impact.from_takedown_networks) r.from_networks[fmt::format("N{}", network + 1)] = n;
  for (const DayActivity& day : impact.timeline) r.timeline.push_back({FormatDate(day.day * 86400), day});
  r.member_hours = impact.member_hours;
  r.authentic_hours = impact.authentic_hours;
  r.reach = impact.reach;
  r.breakout = impact.breakout;
  r.audience = impact.audience;
  const Narratives& n = impact.narratives;
  r.narratives.hashtags = n.hashtags;
  r.narratives.domains = n.domains;
  r.narratives.urls = n.urls;
  r.narratives.languages = n.languages;
  r.narratives.mentions = n.mentions;
  r.narratives.terms = n.terms;
  for (const auto& [actor, count] : n.engaged_accounts) {
    r.narratives.engaged_accounts.push_back({MakeActorRef(store, actor), count});
  }
  return r;
}

void AddAmplifierShares(const Store& store, const Network& net, std::vector<AmplifierRef>& amplifiers) {
  const PostTable& posts = store.posts();
  for (size_t i = 0; i < amplifiers.size() && i < net.amplifiers.size(); ++i) {
    amplifiers[i].shared.clear();
    for (PostId share : net.amplifiers[i].shared) {
      SharedItem item;
      item.share = MakeEvidencePost(store, share);
      if (posts.parent[share] != kNone) item.original = MakeEvidencePost(store, posts.parent[share]);
      amplifiers[i].shared.push_back(std::move(item));
    }
  }
}

}  // namespace unmask
