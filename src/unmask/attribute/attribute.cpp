#include "unmask/attribute/attribute.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "unmask/assess/indicators.hpp"
#include "unmask/core/parallel.hpp"

namespace unmask {
namespace {

constexpr size_t kMaxPostsScanned = 50000;  // per network: evenly spaced sample beyond this

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }
bool HasWide(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xE0; });
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string LanguageCode(std::string_view lang) {
  std::string code = LowerAscii(lang.substr(0, lang.find_first_of("-_")));
  return code;
}

std::string Percent(double share) { return fmt::format("{:.0f}%", 100 * share); }

std::string JoinList(const std::vector<std::string>& values, size_t limit = 6) {
  std::string out;
  for (size_t i = 0; i < values.size() && i < limit; ++i) out += (i ? ", " : "") + values[i];
  if (values.size() > limit) out += fmt::format(" and {} more", values.size() - limit);
  return out;
}

// What a network shows, gathered once and compared with every operation.
struct Profile {
  uint64_t scanned = 0, with_text = 0, with_lang = 0, with_url = 0;
  std::map<std::string, uint64_t> languages;
  std::vector<uint64_t> theme_posts;                     // per operation
  std::vector<std::map<std::string, uint64_t>> terms;    // per operation: term -> posts
  std::vector<uint64_t> domain_posts;                    // per operation
  std::vector<std::map<std::string, uint64_t>> domains;  // per operation: domain -> posts
  std::map<std::string, uint64_t> platforms;             // members per platform
  uint64_t members = 0;
};

std::vector<PostId> MemberPosts(const Store& store, const Network& net) {
  std::vector<PostId> posts;
  for (ActorId a : net.members) {
    for (PostId p : store.PostsOf(a)) {
      if (store.posts().type[p] != PostType::kReaction) posts.push_back(p);
    }
  }
  if (posts.size() <= kMaxPostsScanned) return posts;
  std::vector<PostId> sample;
  sample.reserve(kMaxPostsScanned);
  for (size_t i = 0; i < kMaxPostsScanned; ++i) sample.push_back(posts[i * posts.size() / kMaxPostsScanned]);
  return sample;
}

bool DomainMatches(const std::string& host, const std::string& domain) {
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

void ScanPost(const Store& store, PostId p, const std::vector<KnownOperation>& ops, Profile& profile) {
  const PostTable& posts = store.posts();
  ++profile.scanned;
  std::string_view lang = store.Str(posts.lang[p]);
  if (lang.empty()) lang = store.Str(store.actors().lang[posts.actor[p]]);
  if (!lang.empty()) {
    ++profile.with_lang;
    ++profile.languages[LanguageCode(lang)];
  }
  const std::string text = LowerAscii(store.Str(posts.text[p]));
  std::vector<std::string> tags;
  for (StrId t : posts.hashtags.Row(p)) tags.push_back(LowerAscii(store.Str(t)));
  if (!text.empty() || !tags.empty()) ++profile.with_text;
  std::vector<std::string> hosts;
  for (StrId u : posts.urls.Row(p)) {
    std::string host = UrlHost(store.Str(u));
    if (!host.empty()) hosts.push_back(std::move(host));
  }
  if (!hosts.empty()) ++profile.with_url;
  for (size_t o = 0; o < ops.size(); ++o) {
    bool hit = false;
    for (const std::string& term : ops[o].key_terms) {
      if (ContainsTerm(text, term)) {
        ++profile.terms[o][term];
        hit = true;
      }
    }
    for (const std::string& tag : tags) {
      if (std::find(ops[o].hashtags.begin(), ops[o].hashtags.end(), tag) != ops[o].hashtags.end()) {
        ++profile.terms[o]["#" + tag];
        hit = true;
      }
    }
    profile.theme_posts[o] += hit;
    bool linked = false;
    for (const std::string& host : hosts) {
      for (const std::string& domain : ops[o].domains) {
        if (DomainMatches(host, domain)) {
          ++profile.domains[o][domain];
          linked = true;
        }
      }
    }
    profile.domain_posts[o] += linked;
  }
}

Profile EmptyProfile(size_t operations) {
  Profile profile;
  profile.theme_posts.assign(operations, 0);
  profile.terms.resize(operations);
  profile.domain_posts.assign(operations, 0);
  profile.domains.resize(operations);
  return profile;
}

void AddCounts(std::map<std::string, uint64_t>& to, const std::map<std::string, uint64_t>& from) {
  for (const auto& [key, n] : from) to[key] += n;
}

// Adds the posts counted in `part` (whole counts: the sum does not depend on
// how the posts were split).
void AddProfile(Profile& to, const Profile& part) {
  to.scanned += part.scanned;
  to.with_text += part.with_text;
  to.with_lang += part.with_lang;
  to.with_url += part.with_url;
  AddCounts(to.languages, part.languages);
  for (size_t o = 0; o < to.terms.size(); ++o) {
    to.theme_posts[o] += part.theme_posts[o];
    AddCounts(to.terms[o], part.terms[o]);
    to.domain_posts[o] += part.domain_posts[o];
    AddCounts(to.domains[o], part.domains[o]);
  }
}

std::string TopCounts(const std::map<std::string, uint64_t>& counts, size_t limit) {
  std::vector<std::pair<uint64_t, std::string>> sorted;
  for (const auto& [value, n] : counts) sorted.emplace_back(n, value);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<std::string> parts;
  for (size_t i = 0; i < sorted.size() && i < limit; ++i) parts.push_back(fmt::format("{} {}", sorted[i].second, sorted[i].first));
  return JoinList(parts, limit);
}

FeatureMatch Languages(const Profile& pr, const KnownOperation& op, const AttributionConfig& config) {
  FeatureMatch f{"languages", false, 0, 1.0, ""};
  if (op.languages.empty() || pr.with_lang < config.min_posts) return f;
  uint64_t in = 0;
  for (const auto& [lang, n] : pr.languages) {
    if (std::find(op.languages.begin(), op.languages.end(), lang) != op.languages.end()) in += n;
  }
  f.available = true;
  f.score = static_cast<double>(in) / pr.with_lang;
  f.evidence = fmt::format("{} of {} posts with a language are in {} (network: {})", Percent(f.score), pr.with_lang,
                           JoinList(op.languages), TopCounts(pr.languages, 4));
  return f;
}

FeatureMatch Themes(const Profile& pr, size_t o, const KnownOperation& op, const AttributionConfig& config) {
  FeatureMatch f{"themes", false, 0, 2.0, ""};
  if ((op.key_terms.empty() && op.hashtags.empty()) || pr.with_text < config.min_posts) return f;
  f.available = true;
  const double share = static_cast<double>(pr.theme_posts[o]) / pr.with_text;
  f.score = std::min(1.0, share / op.theme_share);
  f.evidence = pr.theme_posts[o] == 0
                   ? fmt::format("none of {} posts with text uses its key terms or hashtags", pr.with_text)
                   : fmt::format("{} of {} posts with text use its key terms or hashtags ({})", Percent(share),
                                 pr.with_text, TopCounts(pr.terms[o], 5));
  return f;
}

int HourDistance(int a, int b) {
  const int d = ((a - b) % 24 + 24) % 24;
  return std::min(d, 24 - d);
}

FeatureMatch ScheduleMatch(const SchedulePattern& s, const KnownOperation& op) {
  FeatureMatch f{"schedule", false, 0, 1.5, ""};
  if (!s.enough) return f;
  std::vector<double> parts;
  std::vector<std::string> said;
  const bool has_night = !s.round_the_clock && s.quiet_hours >= 4;
  if (op.utc_offset && has_night) {
    const int d = HourDistance(s.implied_utc_offset, *op.utc_offset);
    parts.push_back(d <= 1 ? 1.0 : d <= 2 ? 0.5 : 0.0);
    said.push_back(fmt::format("its night implies UTC{:+d} (operation: UTC{:+d})", s.implied_utc_offset, *op.utc_offset));
  }
  if (op.office_hours) {
    parts.push_back(s.office_hours ? 1.0 : 0.0);
    said.push_back(s.office_hours ? "weekday office hours with a lunch dip, as reported" : "no office-hours pattern (the operation keeps one)");
  }
  if (op.round_the_clock || s.round_the_clock) {
    parts.push_back(op.round_the_clock == s.round_the_clock ? 1.0 : 0.0);
    said.push_back(s.round_the_clock ? (op.round_the_clock ? "posts round the clock, as reported" : "posts round the clock (the operation keeps hours)")
                                     : "keeps hours (the operation works round the clock)");
  }
  if (parts.empty()) return f;
  f.available = true;
  double sum = 0;
  for (double p : parts) sum += p;
  f.score = sum / static_cast<double>(parts.size());
  f.evidence = JoinList(said);
  return f;
}

const Indicator* FindIndicator(const Network& net, std::string_view name) {
  for (const Indicator& i : net.indicators) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

FeatureMatch Traits(const Network& net, const KnownOperation& op) {
  FeatureMatch f{"traits", false, 0, 1.5, ""};
  std::vector<std::string> shown, missing;
  for (const std::string& trait : op.traits) {
    for (int t = 0; t < kTraitCount; ++t) {
      if (TraitName(static_cast<Trait>(t)) != trait) continue;
      const Indicator* ind = FindIndicator(net, IndicatorName(static_cast<Trait>(t)));
      if (ind == nullptr) continue;
      (ind->fired ? shown : missing).push_back(trait);
    }
  }
  if (shown.empty() && missing.empty()) return f;
  f.available = true;
  f.score = static_cast<double>(shown.size()) / static_cast<double>(shown.size() + missing.size());
  f.evidence = fmt::format("{} of {} reported account traits fire{}{}", shown.size(), shown.size() + missing.size(),
                           shown.empty() ? "" : ": " + JoinList(shown), missing.empty() ? "" : "; not: " + JoinList(missing));
  return f;
}

FeatureMatch Platforms(const Profile& pr, const KnownOperation& op) {
  FeatureMatch f{"platforms", false, 0, 1.0, ""};
  if (op.platforms.empty() || pr.members == 0) return f;
  uint64_t in = 0;
  for (const auto& [platform, n] : pr.platforms) {
    if (std::find(op.platforms.begin(), op.platforms.end(), platform) != op.platforms.end()) in += n;
  }
  f.available = true;
  const double share = static_cast<double>(in) / pr.members;
  const double breadth = std::min(1.0, static_cast<double>(pr.platforms.size()) / op.min_platforms);
  f.score = op.min_platforms > 1 ? 0.5 * share + 0.5 * breadth : share;
  f.evidence = fmt::format("{} of members on its platforms; {} platform{} (it is known on at least {})", Percent(share),
                           pr.platforms.size(), pr.platforms.size() == 1 ? "" : "s", op.min_platforms);
  return f;
}

FeatureMatch Domains(const Profile& pr, size_t o, const KnownOperation& op, const AttributionConfig& config) {
  FeatureMatch f{"domains", false, 0, 2.0, ""};
  if (op.domains.empty() || pr.with_url < config.min_posts / 2) return f;
  f.available = true;
  const double share = static_cast<double>(pr.domain_posts[o]) / pr.with_url;
  f.score = std::min(1.0, share / 0.1);
  f.evidence = pr.domain_posts[o] == 0
                   ? fmt::format("none of {} posts with links points to its domains", pr.with_url)
                   : fmt::format("{} of {} posts with links point to its domains ({})", Percent(share), pr.with_url,
                                 TopCounts(pr.domains[o], 4));
  return f;
}

std::string Band(double score, const AttributionConfig& config) {
  return score >= config.high ? "high" : score >= config.moderate ? "moderate" : "low";
}

OperationMatch Score(const Store& store, const Network& net, const Profile& pr, size_t o, const KnownOperation& op,
                     const AttributionConfig& config) {
  (void)store;
  OperationMatch m;
  m.operation = op.id;
  m.name = op.name;
  m.features = {Languages(pr, op, config), Themes(pr, o, op, config), ScheduleMatch(net.schedule, op),
                Traits(net, op), Platforms(pr, op), Domains(pr, o, op, config)};
  double sum = 0, weights = 0, content = 0;
  int available = 0;
  for (const FeatureMatch& f : m.features) {
    if (!f.available) continue;
    ++available;
    sum += f.weight * f.score;
    weights += f.weight;
    if (f.feature == "themes" || f.feature == "domains") content = std::max(content, f.score);
    const std::string line = fmt::format("{}: {}", f.feature, f.evidence);
    if (f.score >= 0.6) m.evidence_for.push_back(line);
    else if (f.score < 0.4) m.evidence_against.push_back(line);
    else m.evidence_for.push_back(line + " (partial)");
  }
  for (const FeatureMatch& f : m.features) {
    if (!f.available) m.evidence_against.push_back(fmt::format("{}: no data to compare", f.feature));
  }
  m.score = weights > 0 ? sum / weights : 0;
  m.attributed = m.score >= config.min_score && content >= config.min_theme_score && available >= config.min_features &&
                 (net.verdict.takedown || !config.takedown_only);
  m.confidence = m.attributed ? Band(m.score, config) : "none";
  if (!m.attributed && m.score >= config.min_score) {
    if (content < config.min_theme_score) m.evidence_against.push_back("not named: its themes and domains do not match");
    else if (available < config.min_features) m.evidence_against.push_back("not named: too few features could be compared");
    else m.evidence_against.push_back("not named: the network is not recommended for takedown");
  }
  return m;
}

void RankMatches(std::vector<OperationMatch>& matches, const AttributionConfig& config) {
  std::stable_sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  if (matches.size() < 2 || !matches[0].attributed) return;
  if (matches[0].score - matches[1].score < config.ambiguity_margin) {
    matches[0].confidence = matches[0].confidence == "high" ? "moderate" : "low";
    matches[0].evidence_against.push_back(
        fmt::format("{} scores almost as well ({:.2f})", matches[1].name, matches[1].score));
  }
}

}  // namespace

bool ContainsTerm(std::string_view text, std::string_view term) {
  if (term.empty()) return false;
  if (HasWide(term)) return text.find(term) != std::string_view::npos;
  for (size_t at = text.find(term); at != std::string_view::npos; at = text.find(term, at + 1)) {
    const bool left = at == 0 || !IsWordByte(static_cast<unsigned char>(text[at - 1]));
    const size_t end = at + term.size();
    const bool right = end >= text.size() || !IsWordByte(static_cast<unsigned char>(text[end]));
    if (left && right) return true;
  }
  return false;
}

std::string UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const size_t at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  url = url.substr(0, url.find(':'));
  std::string host = LowerAscii(url);
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

std::vector<NetworkAttribution> AttributeNetworks(const Store& store, const std::vector<Network>& networks,
                                                  const std::vector<KnownOperation>& operations,
                                                  const AttributionConfig& config) {
  // The posts of all networks are scanned in blocks on the worker threads (one
  // network can hold most of them), each block into a profile of its own;
  // each network then adds up its blocks and is scored.
  constexpr size_t kBlockPosts = 2048;
  std::vector<std::vector<PostId>> posts(networks.size());
  ParallelFor(networks.size(), config.threads, [&](size_t n) { posts[n] = MemberPosts(store, networks[n]); });
  struct Block {
    size_t network, begin, end;
  };
  std::vector<Block> blocks;
  std::vector<size_t> first_block(networks.size() + 1);
  for (size_t n = 0; n < networks.size(); ++n) {
    first_block[n] = blocks.size();
    for (size_t at = 0; at < posts[n].size(); at += kBlockPosts) {
      blocks.push_back({n, at, std::min(posts[n].size(), at + kBlockPosts)});
    }
  }
  first_block[networks.size()] = blocks.size();
  std::vector<Profile> parts(blocks.size());
  ParallelFor(blocks.size(), config.threads, [&](size_t b) {
    parts[b] = EmptyProfile(operations.size());
    const Block& block = blocks[b];
    for (size_t i = block.begin; i < block.end; ++i) ScanPost(store, posts[block.network][i], operations, parts[b]);
  });
  std::vector<NetworkAttribution> out(networks.size());
  ParallelFor(networks.size(), config.threads, [&](size_t n) {
    const Network& net = networks[n];
    Profile profile = EmptyProfile(operations.size());
    for (size_t b = first_block[n]; b < first_block[n + 1]; ++b) AddProfile(profile, parts[b]);
    for (ActorId a : net.members) ++profile.platforms[std::string(store.PlatformName(store.actors().platform[a]))];
    profile.members = net.members.size();
    for (size_t o = 0; o < operations.size(); ++o) {
      out[n].matches.push_back(Score(store, net, profile, o, operations[o], config));
    }
    RankMatches(out[n].matches, config);
    if (net.verdict.takedown || !config.takedown_only) out[n].techniques = ObservedTechniques(store, net);
  });
  return out;
}

}  // namespace unmask
