#include "unmask/report/report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "unmask/core/parallel.hpp"
#include "unmask/core/time.hpp"

namespace unmask {
namespace {

ActorRef MakeRef(const Store& store, ActorId a) {
  const ActorTable& actors = store.actors();
  return {std::string(store.PlatformName(actors.platform[a])), std::string(Name(actors.type[a])),
          std::string(store.Str(actors.ext_id[a])), std::string(store.Str(actors.handle[a])),
          std::string(store.Str(actors.name[a]))};
}

std::vector<std::string> TraitNames(uint16_t bits) {
  std::vector<std::string> names;
  for (int t = 0; t < kTraitCount; ++t) {
    if (bits >> t & 1) names.emplace_back(TraitName(static_cast<Trait>(t)));
  }
  return names;
}

std::string TimeOrEmpty(Time t) { return t == kNoTime ? "" : FormatIso(t); }

EvidencePost MakePost(const Store& store, PostId p) {
  const PostTable& posts = store.posts();
  std::string text(store.Str(posts.text[p]));
  if (text.size() > 280) {
    size_t cut = 280;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    text = text.substr(0, cut) + "…";
  }
  return {std::string(store.PlatformName(posts.platform[p])), std::string(store.Str(posts.ext_id[p])),
          std::string(store.Str(store.actors().ext_id[posts.actor[p]])), FormatIso(posts.time[p]), text};
}

std::string Plural(uint64_t n, const std::string& type) {
  return fmt::format("{} {}{}", n, type, n == 1 ? "" : "s");
}

NetworkReport MakeNetwork(const Store& store, const Network& net, size_t index) {
  NetworkReport r;
  r.id = fmt::format("N{}", index + 1);
  r.takedown = net.verdict.takedown;
  r.confidence = net.verdict.confidence;
  r.reasons = net.verdict.reasons;
  r.indicators = net.indicators;
  for (size_t i = 0; i < net.members.size(); ++i) {
    const ActorId a = net.members[i];
    r.members.push_back(MakeRef(store, a));
    if (i < net.concert.size()) r.members.back().concert = net.concert[i];
    r.members.back().traits = TraitNames(i < net.traits.size() ? net.traits[i] : 0);
    const auto in = [a](const std::vector<ActorId>& list) { return std::binary_search(list.begin(), list.end(), a); };
    r.members.back().via = in(net.attached) ? "runs_or_fills"
                           : in(net.joined) ? "shared_identity"
                           : in(net.engaged) ? "engagement"
                                             : "coordination";
    ++r.counts[r.members.back().platform][r.members.back().type];
  }
  for (size_t i = 0; i < net.cleared.size(); ++i) {
    r.cleared.push_back(MakeRef(store, net.cleared[i]));
    r.cleared.back().traits = TraitNames(i < net.cleared_traits.size() ? net.cleared_traits[i] : 0);
  }
  r.coordination_test = net.coordination_test;
  r.schedule = net.schedule;
  r.echo = net.echo;
  for (const Amplifier& amp : net.amplifiers) {
    r.amplifiers.push_back({MakeRef(store, amp.actor), amp.audience, amp.engagements, TimeOrEmpty(amp.first),
                            TimeOrEmpty(amp.last)});
  }
  AddAmplifierShares(store, net, r.amplifiers);
  r.amplifier_count = net.amplifier_count;
  r.posts = net.posts;
  r.first_activity = TimeOrEmpty(net.first_activity);
  r.last_activity = TimeOrEmpty(net.last_activity);
  r.coordinated_pairs = net.edges;
  r.min_p_value = net.min_p_value;
  for (int s = 0; s < kSignalCount; ++s) {
    if (net.signal_ties[s] > 0) r.signal_ties[std::string(Name(static_cast<Signal>(s)))] = net.signal_ties[s];
  }
  for (const PostPair& pair : net.examples) {
    EvidencePair e;
    e.signal = Name(pair.signal);
    e.description = Describe(pair.signal);
    e.actor_a = MakeRef(store, pair.actor_a);
    e.actor_b = MakeRef(store, pair.actor_b);
    if (pair.a != kNone) e.a = MakePost(store, pair.a);
    if (pair.b != kNone) e.b = MakePost(store, pair.b);
    e.shared = store.Str(pair.shared);
    r.evidence.push_back(std::move(e));
  }
  r.impact = MakeImpactReport(store, net);
  return r;
}

}  // namespace

ActorRef MakeActorRef(const Store& store, ActorId actor) { return MakeRef(store, actor); }
EvidencePost MakeEvidencePost(const Store& store, PostId post) { return MakePost(store, post); }

std::string DescribeCounts(const Counts& counts) {
  static const std::vector<std::string> kOrder = {"account", "page", "group", "channel"};
  std::vector<std::string> parts;
  for (const auto& [platform, by_type] : counts) {
    std::vector<std::string> items;
    for (const std::string& type : kOrder) {
      if (auto it = by_type.find(type); it != by_type.end()) items.push_back(Plural(it->second, type));
    }
    std::string joined;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) joined += i + 1 == items.size() ? " and " : ", ";
      joined += items[i];
    }
    parts.push_back(joined + " on " + platform);
  }
  if (parts.empty()) return "no accounts";
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? "; " : "") + parts[i];
  if (parts.size() > 1) out += fmt::format(", across {} platforms", parts.size());
  return out;
}

Report BuildReport(const Store& store, const std::vector<Network>& networks, RunInfo run, int threads) {
  Report report;
  report.run = std::move(run);
  report.networks.resize(networks.size());
  ParallelFor(networks.size(), threads, [&](size_t i) { report.networks[i] = MakeNetwork(store, networks[i], i); });
  for (const NetworkReport& net : report.networks) {
    if (!net.takedown) continue;
    report.takedown_members += net.members.size();
    for (const auto& [platform, by_type] : net.counts) {
      for (const auto& [type, n] : by_type) report.takedown_counts[platform][type] += n;
    }
  }
  return report;
}

}  // namespace unmask
