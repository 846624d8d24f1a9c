#include "unmask/cases/continuation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "unmask/text/minhash.hpp"
#include "unmask/text/normalizer.hpp"

namespace unmask {
namespace {

constexpr uint64_t kSignatureSeed = 0x636173657331ULL;  // fixed: signatures must agree across runs

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<TextPrint> TextPrints(const NetworkReport& n, TextNormalizer* normalizer, const MinHasher& hasher,
                                  const ContinuationConfig& config) {
  std::vector<TextPrint> out;
  if (normalizer == nullptr) return out;
  TextTokens tokens;
  std::vector<uint32_t> shingles;
  for (const TextFamilyRef& f : n.text_families) {
    normalizer->Tokenize(f.representative.text, tokens);
    if (tokens.letters < config.min_text_letters) continue;
    Shingles(tokens, ShingleConfig{}, shingles);
    TextPrint t{f.representative.text, f.copies, std::vector<uint32_t>(static_cast<size_t>(hasher.size()))};
    hasher.Sign(shingles, t.signature.data());
    out.push_back(std::move(t));
  }
  return out;
}

struct Tally {
  std::set<std::pair<std::string, std::string>> returning;
  std::set<std::string> handles, avatars, infra;
  std::set<size_t> texts;
  bool same_attribution = false;
  std::map<std::string, std::string> examples;
  void Example(const std::string& kind, std::string text) { examples.emplace(kind, std::move(text)); }
};

struct StoredText {
  int64_t case_id;
  std::string text;
  std::vector<uint32_t> signature;
};

// Everything the matching reads once per run.
struct Earlier {
  std::vector<StoredText> texts;
  std::map<int64_t, std::set<std::string>> attributed;  // case -> operations named
};

Result<Earlier> LoadEarlier(sql::Db& db) {
  Earlier e;
  Result<sql::Stmt> q = db.Prepare(
      "SELECT n.case_id, t.text, t.signature FROM texts t JOIN networks n ON n.id = t.network_id");
  if (!q.ok()) return q.status();
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    e.texts.push_back({q->Int(0), q->Text(1), q->Blob(2)});
  }
  Result<sql::Stmt> a = db.Prepare("SELECT case_id, attributed FROM networks WHERE attributed IS NOT NULL");
  if (!a.ok()) return a.status();
  for (;;) {
    Result<bool> row = a->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    e.attributed[a->Int(0)].insert(a->Text(1));
  }
  return e;
}

struct Queries {
  sql::Stmt by_actor, by_handle, by_value;
};

Result<Queries> Prepare(sql::Db& db) {
  Result<sql::Stmt> actor = db.Prepare(
      "SELECT n.case_id FROM members m JOIN networks n ON n.id = m.network_id WHERE m.platform = ? AND m.actor_id = ?");
  if (!actor.ok()) return actor.status();
  Result<sql::Stmt> handle = db.Prepare(
      "SELECT n.case_id, m.platform, m.actor_id FROM members m JOIN networks n ON n.id = m.network_id "
      "WHERE m.handle_key = ?");
  if (!handle.ok()) return handle.status();
  Result<sql::Stmt> value = db.Prepare(
      "SELECT DISTINCT n.case_id FROM fingerprints f JOIN networks n ON n.id = f.network_id "
      "WHERE f.kind = ? AND f.value = ?");
  if (!value.ok()) return value.status();
  return Queries{std::move(*actor), std::move(*handle), std::move(*value)};
}

// Calls fn(case_id) for each row of a prepared one-column query, then resets it.
template <typename Fn>
Status ForEachCase(sql::Stmt& q, Fn&& fn) {
  for (;;) {
    Result<bool> row = q.Step();
    if (!row.ok()) {
      q.Reset();
      return row.status();
    }
    if (!*row) break;
    fn(q);
  }
  q.Reset();
  return {};
}

Status TallyMembers(Queries& q, const NetworkReport& n, std::map<int64_t, Tally>& tallies) {
  for (const ActorRef& m : n.members) {
    q.by_actor.Bind(1, m.platform).Bind(2, m.id);
    UNMASK_RETURN_IF_ERROR(ForEachCase(q.by_actor, [&](sql::Stmt& row) {
      Tally& t = tallies[row.Int(0)];
      t.returning.emplace(m.platform, m.id);
      t.Example("returning_members", fmt::format("{}/{} (@{})", m.platform, m.id, m.handle));
    }));
    const std::string key = Lower(m.handle);
    if (key.size() < 4) continue;
    q.by_handle.Bind(1, key);
    UNMASK_RETURN_IF_ERROR(ForEachCase(q.by_handle, [&](sql::Stmt& row) {
      if (row.Text(1) == m.platform && row.Text(2) == m.id) return;  // the same account: counted as returning
      Tally& t = tallies[row.Int(0)];
      t.handles.insert(key);
      t.Example("shared_handles", fmt::format("{}/{} uses @{}, as {}/{} did", m.platform, m.id, m.handle, row.Text(1),
                                              row.Text(2)));
    }));
  }
  return {};
}

Status TallyValues(Queries& q, const NetworkReport& n, const NetworkPrint& print, std::map<int64_t, Tally>& tallies) {
  struct Kind {
    const char* name;
    const std::vector<std::string>* values;
    const std::vector<std::vector<uint32_t>>* holders;
  };
  for (const Kind& kind : {Kind{"avatar", &print.avatars, &print.avatar_holders},
                           Kind{"infra", &print.infra, &print.infra_holders}}) {
    const bool avatar = std::string_view(kind.name) == "avatar";
    for (size_t v = 0; v < kind.values->size(); ++v) {
      const std::string& value = (*kind.values)[v];
      q.by_value.Bind(1, kind.name).Bind(2, value);
      UNMASK_RETURN_IF_ERROR(ForEachCase(q.by_value, [&](sql::Stmt& row) {
        Tally& t = tallies[row.Int(0)];
        if (v < kind.holders->size()) {  // held only by members returning to this case: not new evidence
          bool any_new = false;
          for (uint32_t m : (*kind.holders)[v]) {
            any_new |= m < n.members.size() && !t.returning.contains({n.members[m].platform, n.members[m].id});
          }
          if (!any_new) return;
        }
        (avatar ? t.avatars : t.infra).insert(value);
        t.Example(avatar ? "shared_avatars" : "shared_infrastructure",
                  fmt::format("{} {}", avatar ? "profile picture" : "value", value));
      }));
    }
  }
  return {};
}

void TallyTexts(const Earlier& earlier, const NetworkPrint& print, const ContinuationConfig& config,
                std::map<int64_t, Tally>& tallies) {
  for (size_t i = 0; i < print.texts.size(); ++i) {
    const TextPrint& mine = print.texts[i];
    for (const StoredText& old : earlier.texts) {
      if (old.signature.size() != mine.signature.size()) continue;
      if (EstimateJaccard(mine.signature, old.signature) < config.text_similarity) continue;
      Tally& t = tallies[old.case_id];
      if (t.texts.insert(i).second) t.Example("shared_texts", fmt::format("\"{}\"", mine.text.substr(0, 100)));
    }
  }
}

std::string NamedOperation(const NetworkReport& n) {
  for (const OperationMatch& m : n.attribution) {
    if (m.attributed) return m.operation;
  }
  return "";
}

double Part(uint64_t count, double enough) { return std::min(1.0, static_cast<double>(count) / enough); }

ContinuationRef Score(int64_t case_id, const Tally& t, const NetworkReport& n, const ContinuationConfig& config) {
  ContinuationRef c;
  c.case_id = case_id;
  c.returning_members = t.returning.size();
  c.new_members = n.members.size() - std::min<uint64_t>(n.members.size(), c.returning_members);
  auto add = [&](const std::string& kind, uint64_t count, double strength) {
    if (count == 0) return;
    const auto ex = t.examples.find(kind);
    c.evidence.push_back({kind, count, strength, ex == t.examples.end() ? "" : ex->second});
    c.strength += strength;
  };
  const double share = n.members.empty() ? 0 : static_cast<double>(c.returning_members) / n.members.size();
  add("returning_members", c.returning_members,
      Part(c.returning_members, static_cast<double>(config.enough_members)) + std::min(1.0, share / config.member_share));
  add("shared_handles", t.handles.size(), Part(t.handles.size(), static_cast<double>(config.enough_handles)));
  add("shared_avatars", t.avatars.size(), Part(t.avatars.size(), static_cast<double>(config.enough_values)));
  add("shared_infrastructure", t.infra.size(), Part(t.infra.size(), static_cast<double>(config.enough_values)));
  add("shared_texts", t.texts.size(), Part(t.texts.size(), static_cast<double>(config.enough_texts)));
  if (t.same_attribution && c.strength > 0) {
    c.evidence.push_back({"same_attribution", 1, config.same_attribution, NamedOperation(n)});
    c.strength += config.same_attribution;
  }
  c.continuation = c.strength >= config.min_strength;
  return c;
}

std::string Summary(const ContinuationRef& c, double min_strength) {
  std::vector<std::string> same;
  std::string attribution;
  for (const ContinuationEvidence& e : c.evidence) {
    if (e.kind == "shared_avatars") same.push_back(fmt::format("profile pictures ({})", e.count));
    if (e.kind == "shared_infrastructure") same.push_back(fmt::format("infrastructure ({})", e.count));
    if (e.kind == "shared_texts") same.push_back(fmt::format("templates ({})", e.count));
    if (e.kind == "shared_handles") same.push_back(fmt::format("handles ({})", e.count));
    if (e.kind == "same_attribution") attribution = fmt::format("; both attributed to {}", e.example);
  }
  std::string joined;
  for (size_t i = 0; i < same.size(); ++i) joined += (i == 0 ? "" : i + 1 == same.size() ? " and " : ", ") + same[i];
  const std::string figures =
      fmt::format("{} new members, {} returning{}{}{}", c.new_members, c.returning_members,
                  joined.empty() ? "" : ", same ", joined, attribution);
  if (c.continuation) {
    return fmt::format("continuation of case {}: {} (strength {:.2f})", c.case_id, figures, c.strength);
  }
  return fmt::format("no earlier case matches well; nearest is case {} with strength {:.2f} (a continuation needs {:.1f}): {}",
                     c.case_id, c.strength, min_strength, figures);
}

// Where the case was last seen, its verdict then and the analysts' latest decision.
Status Describe(sql::Db& db, ContinuationRef& c) {
  Result<sql::Stmt> q = db.Prepare(
      "SELECT n.run_id, n.label, r.finished_at, n.takedown FROM networks n JOIN runs r ON r.id = n.run_id "
      "WHERE n.id = (SELECT max(id) FROM networks WHERE case_id = ?)");
  if (!q.ok()) return q.status();
  q->Bind(1, c.case_id);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  if (*row) {
    c.run = q->Int(0);
    c.network = q->Text(1);
    c.seen_at = q->Text(2);
    c.verdict = q->Int(3) ? "takedown" : "no takedown";
  }
  Result<sql::Stmt> d = db.Prepare(
      "SELECT status, analyst, decided_at FROM decisions WHERE id = (SELECT max(id) FROM decisions WHERE case_id = ?)");
  if (!d.ok()) return d.status();
  d->Bind(1, c.case_id);
  row = d->Step();
  if (!row.ok()) return row.status();
  c.status = *row ? d->Text(0) : "open";
  if (*row) {
    c.decided_by = d->Text(1);
    c.decided_at = d->Text(2);
  }
  return {};
}

}  // namespace

std::vector<NetworkPrint> MakeNetworkPrints(const Store& store, const std::vector<Network>& networks,
                                            const Report& report, const ContinuationConfig& config) {
  const ActorTable& actors = store.actors();
  std::unordered_map<StrId, uint32_t> holders;
  for (ActorId a = 0; a < actors.size(); ++a) {
    if (!store.Str(actors.avatar[a]).empty()) ++holders[actors.avatar[a]];
    for (StrId v : actors.infra.Row(a)) ++holders[v];
  }
  Result<TextNormalizer> normalizer = TextNormalizer::Create(true);
  if (!normalizer.ok()) normalizer = TextNormalizer::Create(false);
  const MinHasher hasher(config.signature_size, kSignatureSeed);
  std::vector<NetworkPrint> prints(networks.size());
  for (size_t i = 0; i < networks.size(); ++i) {
    std::map<std::string, std::vector<uint32_t>> avatars, infra;
    const std::vector<ActorId>& members = networks[i].members;
    for (uint32_t k = 0; k < members.size(); ++k) {
      const StrId av = actors.avatar[members[k]];
      if (!store.Str(av).empty() && holders[av] <= config.max_value_sharers) avatars[std::string(store.Str(av))].push_back(k);
      for (StrId v : actors.infra.Row(members[k])) {
        if (holders[v] <= config.max_value_sharers) infra[std::string(store.Str(v))].push_back(k);
      }
    }
    for (auto& [value, who] : avatars) {
      prints[i].avatars.push_back(value);
      prints[i].avatar_holders.push_back(std::move(who));
    }
    for (auto& [value, who] : infra) {
      prints[i].infra.push_back(value);
      prints[i].infra_holders.push_back(std::move(who));
    }
    if (i < report.networks.size()) {
      prints[i].texts = TextPrints(report.networks[i], normalizer.ok() ? &*normalizer : nullptr, hasher, config);
    }
  }
  return prints;
}

std::vector<TextPrint> MakeTextPrints(const NetworkReport& network, const ContinuationConfig& config) {
  Result<TextNormalizer> normalizer = TextNormalizer::Create(true);
  if (!normalizer.ok()) normalizer = TextNormalizer::Create(false);
  const MinHasher hasher(config.signature_size, kSignatureSeed);
  return TextPrints(network, normalizer.ok() ? &*normalizer : nullptr, hasher, config);
}

Status MatchContinuations(CaseStore& cases, const std::vector<NetworkPrint>& prints, const ContinuationConfig& config,
                          Report& report) {
  sql::Db& db = cases.db();
  Result<Earlier> earlier = LoadEarlier(db);
  if (!earlier.ok()) return earlier.status();
  Result<Queries> queries = Prepare(db);
  if (!queries.ok()) return queries.status();
  for (size_t i = 0; i < report.networks.size() && i < prints.size(); ++i) {
    NetworkReport& n = report.networks[i];
    std::map<int64_t, Tally> tallies;
    UNMASK_RETURN_IF_ERROR(TallyMembers(*queries, n, tallies));
    UNMASK_RETURN_IF_ERROR(TallyValues(*queries, n, prints[i], tallies));
    TallyTexts(*earlier, prints[i], config, tallies);
    const std::string op = NamedOperation(n);
    for (auto& [case_id, t] : tallies) {
      const auto it = earlier->attributed.find(case_id);
      t.same_attribution = !op.empty() && it != earlier->attributed.end() && it->second.contains(op);
    }
    n.case_ref = NetworkCaseRef{};
    std::optional<ContinuationRef> best;
    for (const auto& [case_id, t] : tallies) {
      ContinuationRef c = Score(case_id, t, n, config);
      if (c.strength <= 0) continue;
      // Among cases strong enough, the one most of whose accounts are back;
      // then the strongest evidence; then the newest case.
      const auto rank = [](const ContinuationRef& x) {
        return std::tuple(x.continuation, x.returning_members, x.strength, x.case_id);
      };
      if (!best || rank(c) > rank(*best)) best = std::move(c);
    }
    if (!best) continue;
    UNMASK_RETURN_IF_ERROR(Describe(db, *best));
    best->summary = Summary(*best, config.min_strength);
    n.case_ref->match = std::move(best);
  }
  return {};
}

}  // namespace unmask
