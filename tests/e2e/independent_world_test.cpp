// A world built here, independently of the simulator, with a planted
// operation, an organic crowd, a viral post and malformed lines: the scan must
// find the operation, leave the crowd alone and quarantine exactly the bad lines.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "unmask/pipeline/scan.hpp"
#include "world_builder.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

using testing_world::Iso;
using testing_world::Lcg;

struct World {
  std::vector<std::string> lines;
  std::vector<std::string> bad;
  std::vector<std::string> op_ids;
  std::vector<std::string> viral_sharers;
};

World BuildWorld() {
  World w;
  Lcg rng(7);
  const Time start = 1685577600;  // 2023-06-01
  auto line = [&](nlohmann::json j) { w.lines.push_back(j.dump()); };
  // The operation: 30 accounts created within three days, two pages they run.
  for (int i = 0; i < 30; ++i) {
    const std::string id = "10008" + std::to_string(1000 + i);
    w.op_ids.push_back(id);
    line({{"kind", "actor"}, {"platform", "facebook"}, {"id", id}, {"handle", "lily.chen" + std::to_string(80 + i)},
          {"created", Iso(start - 10 * 86400 + static_cast<Time>(rng.Below(3 * 86400)))}, {"followers", 5}});
  }
  for (int p = 0; p < 2; ++p) {
    const std::string page = "pg-" + std::to_string(p);
    w.op_ids.push_back(page);
    line({{"kind", "actor"}, {"platform", "facebook"}, {"id", page}, {"type", "page"}, {"created", Iso(start - 9 * 86400)}});
    line({{"kind", "relation"}, {"platform", "facebook"}, {"from", w.op_ids[p]}, {"to", page}, {"type", "admin"}});
  }
  int post_id = 0;
  const std::vector<std::string> slogans = {"The truth about the region is that people live happy and prosperous lives",
                                            "Western media keeps lying about our development and peaceful progress",
                                            "Look at the real story behind the headlines that the critics never tell"};
  for (int day = 0; day < 12; ++day) {
    const Time burst = start + day * 86400 + 2 * 3600;
    const std::string url = "https://video.example.com/watch?v=op" + std::to_string(day);
    std::vector<std::string> posted;
    for (int k = 0; k < 12; ++k) {
      const std::string author = w.op_ids[rng.Below(30)];
      const std::string id = "op" + std::to_string(post_id++);
      posted.push_back(id);
      line({{"kind", "post"}, {"platform", "facebook"}, {"id", id}, {"actor", author},
            {"time", Iso(burst + static_cast<Time>(rng.Below(1200)))}, {"text", slogans[day % 3] + " " + url},
            {"in", "pg-" + std::to_string(k % 2)}});
    }
    for (int k = 0; k < 40; ++k) {  // the echo chamber: they comment on each other
      line({{"kind", "post"}, {"platform", "facebook"}, {"id", "oc" + std::to_string(post_id++)},
            {"actor", w.op_ids[rng.Below(30)]}, {"type", "comment"}, {"parent", posted[rng.Below(posted.size())]},
            {"time", Iso(burst + 1200 + static_cast<Time>(rng.Below(1800)))}, {"text", "so true!"}});
    }
  }
  // An organic crowd: 300 accounts of all ages posting their own texts at all hours.
  for (int i = 0; i < 300; ++i) {
    const std::string id = "u" + std::to_string(i);
    line({{"kind", "actor"}, {"platform", "x"}, {"id", id},
          {"created", Iso(start - static_cast<Time>(200 + rng.Below(3000)) * 86400)}, {"followers", rng.Below(5000)}});
    for (int k = 0; k < 8; ++k) {
      line({{"kind", "post"}, {"platform", "x"}, {"id", id + "-" + std::to_string(k)}, {"actor", id},
            {"time", static_cast<int64_t>(start + rng.Below(12 * 86400))},
            {"text", "note " + std::to_string(rng.Next()) + " about my day number " + std::to_string(k)}});
    }
  }
  // A viral post shared by 150 of them within two hours.
  line({{"kind", "post"}, {"platform", "x"}, {"id", "news-1"}, {"actor", "u0"}, {"time", Iso(start + 5 * 86400)},
        {"text", "Breaking: a big storm is coming to the coast tonight"}});
  for (int i = 1; i <= 150; ++i) {
    const std::string id = "u" + std::to_string(i);
    w.viral_sharers.push_back(id);
    line({{"kind", "post"}, {"platform", "x"}, {"id", "rt-" + id}, {"actor", id}, {"type", "share"},
          {"parent", "news-1"}, {"time", Iso(start + 5 * 86400 + static_cast<Time>(rng.Below(7200)))}});
  }
  // Malformed lines, each a different reason.
  w.bad = {
      "{\"kind\":\"post\",\"platform\":\"x\",\"id\":\"broken\"",                                     // not JSON
      "{\"kind\":\"post\",\"platform\":\"x\",\"id\":\"nt\",\"actor\":\"u1\"}",                       // no time
      "{\"kind\":\"post\",\"platform\":\"x\",\"id\":\"bt\",\"actor\":\"u1\",\"time\":\"yesterday\"}",  // bad time
      "{\"kind\":\"actor\",\"platform\":\"x\",\"id\":\"fc\",\"followers\":\"many\"}",                // wrong type
      "{\"kind\":\"planet\",\"platform\":\"x\",\"id\":\"p\"}",                                       // unknown kind
      "[1,2,3]",                                                                                  // not an object
      "{\"kind\":\"post\",\"platform\":\"x\",\"id\":\"news-1\",\"actor\":\"u9\",\"time\":0}",        // duplicate id
  };
  // Shuffle good lines, then put bad lines at fixed places.
  for (size_t i = w.lines.size(); i > 1; --i) std::swap(w.lines[i - 1], w.lines[rng.Below(i)]);
  for (size_t b = 0; b < w.bad.size(); ++b) {
    w.lines.insert(w.lines.begin() + static_cast<int64_t>((b + 1) * w.lines.size() / (w.bad.size() + 2)), w.bad[b]);
  }
  return w;
}

TEST(IndependentWorld, FindsTheOperationAndQuarantinesExactlyTheBadLines) {
  const World world = BuildWorld();
  const fs::path dir = fs::temp_directory_path() / ("unmask-independent-world-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path input = dir / "world.jsonl";
  {
    std::ofstream out(input);
    for (const std::string& l : world.lines) out << l << '\n';
  }
  ScanConfig config;
  config.inputs = {input.string()};
  config.out_dir = (dir / "out").string();
  config.progress = false;
  config.log = false;
  auto outcome = RunScan(config);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();

  // Quarantine: exactly the bad lines, byte for byte, in input order.
  std::ifstream quarantined(dir / "out" / "quarantine.jsonl");
  std::vector<std::string> got;
  for (std::string l; std::getline(quarantined, l);) got.push_back(l);
  EXPECT_EQ(got, world.bad);
  EXPECT_EQ(outcome->report.run.quarantined, world.bad.size());

  // The report is valid JSON following the contract.
  std::ifstream json_in(outcome->json_path);
  const nlohmann::json report = nlohmann::json::parse(json_in);
  EXPECT_EQ(report["format"], "unmask-report/1");
  EXPECT_EQ(report["run"]["quarantined"], world.bad.size());
  std::set<std::string> taken, seen;
  for (const auto& net : report["networks"]) {
    ASSERT_TRUE(net.contains("members") && net.contains("counts") && net.contains("echo_chamber"));
    for (const auto& m : net["members"]) {
      seen.insert(m["id"].get<std::string>());
      if (net["takedown"].get<bool>()) taken.insert(m["id"].get<std::string>());
    }
  }
  size_t op_found = 0;
  for (const std::string& id : world.op_ids) op_found += taken.count(id);
  EXPECT_GE(op_found, world.op_ids.size() * 9 / 10) << "operation members taken down";
  for (const std::string& id : world.viral_sharers) EXPECT_EQ(taken.count(id), 0u) << id;
  EXPECT_EQ(taken.size(), op_found) << "nothing but the operation is taken down";
  EXPECT_TRUE(taken.count("pg-0") && taken.count("pg-1")) << "pages join through their admins";
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
}  // namespace unmask
