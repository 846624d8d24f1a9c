// STIX 2.1 export: each takedown network as a campaign, the known operations
// it is attributed to as intrusion sets, DISARM techniques as attack
// patterns, the URLs and (non-platform) domains it pushes as indicators, and
// its members as user accounts. Ids are deterministic (a hash of the
// object's key shaped as an RFC 4122 version-4 UUID), so a re-run of the same
// input gives the same objects; only the bundle's id changes per run.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "unmask/core/hash.hpp"
#include "unmask/report/impact_writers.hpp"
#include "unmask/report/writers.hpp"

namespace unmask {
namespace {

using Json = nlohmann::ordered_json;

std::string StixId(std::string_view type, std::string_view key) {
  const uint64_t hi = HashBytes(key, 0x5717), lo = HashBytes(key, 0x21);
  const std::string hex = fmt::format("{:016x}{:016x}", hi, lo);
  std::string uuid = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-4" + hex.substr(13, 3) + "-";
  uuid += "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  uuid += hex.substr(17, 3) + "-" + hex.substr(20, 12);
  return fmt::format("{}--{}", type, uuid);
}

// STIX timestamps carry milliseconds.
std::string StixTime(const std::string& iso) {
  if (iso.size() == 20 && iso.back() == 'Z') return iso.substr(0, 19) + ".000Z";
  return iso.empty() ? "1970-01-01T00:00:00.000Z" : iso;
}

std::string Quote(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

class Bundle {
 public:
  Bundle(const Report& report) : time_(StixTime(report.run.generated_at)) {
    producer_ = StixId("identity", "unmask");
    Add({{"type", "identity"}, {"id", producer_}, {"name", "unmask"}, {"identity_class", "system"},
         {"description", "unmask " + report.run.version + ": coordinated inauthentic behaviour detection"}});
  }

  // An SDO with the common properties filled in.
  void Add(Json object) {
    Json sdo = {{"type", object["type"]}, {"spec_version", "2.1"}, {"id", object["id"]}};
    if (object["type"] != "user-account") {
      sdo["created"] = time_;
      sdo["modified"] = time_;
      if (object["id"] != producer_) sdo["created_by_ref"] = producer_;
    }
    for (auto& [k, v] : object.items()) sdo[k] = v;
    objects_.push_back(std::move(sdo));
  }

  void Relate(const std::string& type, const std::string& source, const std::string& target, const std::string& why) {
    Add({{"type", "relationship"}, {"id", StixId("relationship", type + source + target)}, {"relationship_type", type},
         {"source_ref", source}, {"target_ref", target}, {"description", why}});
  }

  // Each shared object once (attack patterns, intrusion sets, indicators).
  bool Once(const std::string& id) { return seen_.insert(id).second; }

  const std::string& time() const { return time_; }
  Json Finish(const std::string& key) {
    return {{"type", "bundle"}, {"id", StixId("bundle", key)}, {"objects", std::move(objects_)}};
  }

 private:
  std::string time_, producer_;
  std::vector<Json> objects_;
  std::set<std::string> seen_;
};

std::string CampaignDescription(const NetworkReport& n) {
  std::string text = fmt::format("Network {} found by unmask: {}.", n.id, DescribeCounts(n.counts));
  for (const std::string& r : n.reasons) text += " " + r;
  return text;
}

void AddOperations(Bundle& b, const NetworkReport& n, const std::string& campaign) {
  for (const OperationMatch& m : n.attribution) {
    if (!m.attributed) continue;
    const std::string set = StixId("intrusion-set", m.operation);
    if (b.Once(set)) {
      b.Add({{"type", "intrusion-set"}, {"id", set}, {"name", m.name},
             {"description", "Known operation from unmask's library (operations/" + m.operation + ".json)"}});
    }
    std::string why = fmt::format("score {:.2f}, {} confidence", m.score, m.confidence);
    for (const std::string& e : m.evidence_for) why += "; " + e;
    b.Relate("attributed-to", campaign, set, why);
  }
}

void AddTechniques(Bundle& b, const NetworkReport& n, const std::string& campaign) {
  for (const ObservedTechnique& t : n.techniques) {
    const std::string pattern = StixId("attack-pattern", "disarm:" + t.technique.id);
    if (b.Once(pattern)) {
      b.Add({{"type", "attack-pattern"}, {"id", pattern}, {"name", t.technique.name},
             {"external_references",
              {{{"source_name", "DISARM"}, {"external_id", t.technique.id},
                {"url", "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/" +
                            t.technique.id + ".md"}}}}});
    }
    b.Relate("uses", campaign, pattern, t.evidence);
  }
}

void AddIndicators(Bundle& b, const NetworkReport& n, const std::string& campaign) {
  std::set<std::string> platform_hosts = {"youtu.be", "t.me", "t.co", "fb.com", "twitter.com", "x.com"};
  for (const auto& [platform, types] : n.counts) platform_hosts.insert(platform + ".com");
  auto indicate = [&](const std::string& kind, const std::string& value, uint64_t posts) {
    const std::string id = StixId("indicator", kind + ":" + value);
    if (b.Once(id)) {
      b.Add({{"type", "indicator"}, {"id", id}, {"name", value}, {"indicator_types", {"malicious-activity"}},
             {"pattern", fmt::format("[{}:value = '{}']", kind, Quote(value))}, {"pattern_type", "stix"},
             {"valid_from", b.time()}});
    }
    b.Relate("indicates", id, campaign, fmt::format("{} of the network's posts carry it", posts));
  };
  for (const CountedValue& d : n.impact.narratives.domains) {
    if (!platform_hosts.contains(d.value)) indicate("domain-name", d.value, d.count);
  }
  for (const CountedValue& u : n.impact.narratives.urls) indicate("url", u.value, u.count);
}

void AddMembers(Bundle& b, const NetworkReport& n, const std::string& campaign) {
  for (const ActorRef& m : n.members) {
    const std::string id = StixId("user-account", m.platform + "/" + m.id);
    Json account = {{"type", "user-account"}, {"id", id}, {"user_id", m.id}, {"account_type", m.platform}};
    if (!m.handle.empty()) account["account_login"] = m.handle;
    if (!m.name.empty()) account["display_name"] = m.name;
    if (b.Once(id)) b.Add(std::move(account));
    b.Relate("related-to", campaign, id, "member (" + m.type + ", joined by " + m.via + ")");
  }
}

}  // namespace

std::string StixBundleText(const Report& report) {
  Bundle b(report);
  for (const NetworkReport& n : report.networks) {
    if (!n.takedown) continue;
    // Keyed on its first member, so the same network gets the same id again.
    const std::string campaign =
        StixId("campaign", n.members.empty() ? n.id : n.members.front().platform + "/" + n.members.front().id);
    Json c = {{"type", "campaign"}, {"id", campaign}, {"name", "unmask " + n.id}, {"description", CampaignDescription(n)}};
    if (!n.first_activity.empty()) c["first_seen"] = StixTime(n.first_activity);
    if (!n.last_activity.empty()) c["last_seen"] = StixTime(n.last_activity);
    b.Add(std::move(c));
    AddOperations(b, n, campaign);
    AddTechniques(b, n, campaign);
    AddIndicators(b, n, campaign);
    AddMembers(b, n, campaign);
  }
  return b.Finish(report.run.generated_at).dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
}

Status WriteStixBundle(const Report& report, const std::string& path) {
  return WriteFileAtomically(path, StixBundleText(report));
}

}  // namespace unmask
