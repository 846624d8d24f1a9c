#include "unmask/pipeline/evaluate.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

namespace unmask {
namespace {

using Key = std::string;
Key MakeKey(const std::string& platform, const std::string& id) { return platform + '\x1f' + id; }

struct Placement {
  bool takedown = false;
  size_t network = 0;
};

GroupScore ScoreGroup(const nlohmann::json& group, const std::unordered_map<Key, Placement>& placed,
                      const Report& report) {
  GroupScore score;
  score.name = group.value("name", "");
  score.kind = group.value("kind", "");
  std::map<size_t, uint64_t> per_network;
  for (const auto& m : group.at("members")) {
    ++score.members;
    auto it = placed.find(MakeKey(m.at("platform").get<std::string>(), m.at("id").get<std::string>()));
    if (it == placed.end()) continue;
    ++score.found;
    score.taken_down += it->second.takedown;
    if (it->second.takedown) ++per_network[it->second.network];
  }
  if (group.contains("internal_share")) score.truth_internal_share = group.at("internal_share").get<double>();
  if (!per_network.empty()) {
    auto best = std::max_element(per_network.begin(), per_network.end(),
                                 [](const auto& x, const auto& y) { return x.second < y.second; });
    score.reported_internal_share = report.networks[best->first].echo.InternalShare();
  }
  // The operation's real amplifiers must be listed by the networks that hold it.
  std::set<Key> listed;
  for (const auto& [n, members] : per_network) {
    for (const AmplifierRef& a : report.networks[n].amplifiers) listed.insert(MakeKey(a.actor.platform, a.actor.id));
  }
  for (const auto& a : group.value("amplifiers", nlohmann::json::array())) {
    ++score.truth_amplifiers;
    score.listed_amplifiers += listed.count(MakeKey(a.at("platform").get<std::string>(), a.at("id").get<std::string>()));
  }
  return score;
}

}  // namespace

double Evaluation::Recall() const {
  uint64_t members = 0, taken = 0;
  for (const GroupScore& op : operations) members += op.members, taken += op.taken_down;
  return members ? static_cast<double>(taken) / members : 1.0;
}

Result<Evaluation> Evaluate(const Report& report, const std::string& truth_path) {
  std::ifstream in(truth_path);
  if (!in) return Status::Error(fmt::format("cannot open truth file {}", truth_path));
  nlohmann::json truth;
  try {
    truth = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(fmt::format("{}: not valid JSON: {}", truth_path, e.what()));
  }
  std::unordered_map<Key, Placement> placed;
  for (size_t n = 0; n < report.networks.size(); ++n) {
    for (const ActorRef& m : report.networks[n].members) {
      placed[MakeKey(m.platform, m.id)] = {report.networks[n].takedown, n};
    }
  }
  Evaluation eval;
  std::set<Key> operation_members;
  try {
    for (const auto& op : truth.at("operations")) {
      eval.operations.push_back(ScoreGroup(op, placed, report));
      for (const auto& m : op.at("members")) {
        operation_members.insert(MakeKey(m.at("platform").get<std::string>(), m.at("id").get<std::string>()));
      }
    }
    for (const auto& group : truth.value("authentic_groups", nlohmann::json::array())) {
      eval.authentic.push_back(ScoreGroup(group, placed, report));
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(fmt::format("{}: unexpected truth layout: {}", truth_path, e.what()));
  }
  for (const NetworkReport& net : report.networks) {
    if (!net.takedown) continue;
    for (const ActorRef& m : net.members) {
      ++eval.takedown_members;
      eval.takedown_true += operation_members.count(MakeKey(m.platform, m.id));
    }
  }
  return eval;
}

std::string FormatEvaluation(const Evaluation& e) {
  std::string out = fmt::format("{:<28} {:>8} {:>10} {:>8}  {:<31}  {}\n", "against the ground truth", "members",
                                "taken down", "recall", "echo chamber (truth / reported)", "real amplifiers listed");
  for (const GroupScore& op : e.operations) {
    std::string echo;
    if (op.truth_internal_share >= 0) {
      echo = op.reported_internal_share >= 0
                 ? fmt::format("{:.2f} / {:.2f}", op.truth_internal_share, op.reported_internal_share)
                 : fmt::format("{:.2f} / -", op.truth_internal_share);
    }
    const std::string amplifiers =
        op.truth_amplifiers ? fmt::format("{} of {}", op.listed_amplifiers, op.truth_amplifiers) : "";
    out += fmt::format("operation {:<18} {:>8} {:>10} {:>8.3f}  {:<31}  {}\n", op.name, op.members, op.taken_down,
                       op.Recall(), echo, amplifiers);
  }
  for (const GroupScore& g : e.authentic) {
    out += fmt::format("authentic {:<18} {:>8} {:>10} {:>8}  {}\n", g.kind, g.members, g.taken_down, "",
                       g.taken_down == 0 ? "none taken down (good)" : "FALSE POSITIVES");
  }
  out += fmt::format("takedown precision {:.3f} ({} of {} members), recall over all operations {:.3f}\n",
                     e.Precision(), e.takedown_true, e.takedown_members, e.Recall());
  return out;
}

}  // namespace unmask
