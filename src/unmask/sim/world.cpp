#include "unmask/sim/world.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "unmask/core/time.hpp"
#include "unmask/sim/json_out.hpp"
#include "unmask/sim/rng.hpp"
#include "unmask/sim/text.hpp"

namespace unmask::sim {

std::optional<Scale> ParseScale(std::string_view text) {
  if (text == "small") return Scale::kSmall;
  if (text == "medium") return Scale::kMedium;
  if (text == "large") return Scale::kLarge;
  return std::nullopt;
}

std::string_view ScaleName(Scale scale) {
  switch (scale) {
    case Scale::kSmall: return "small";
    case Scale::kMedium: return "medium";
    case Scale::kLarge: return "large";
  }
  return "small";
}

namespace {

constexpr Time kDay = 86400;
constexpr Time kHour = 3600;
constexpr Time kMin = 60;
constexpr uint32_t kNil = 0xFFFFFFFFu;

// ---------------------------------------------------------------------------
// Platforms
enum Plat : uint8_t {
  kFacebook, kInstagram, kX, kYoutube, kTiktok, kReddit, kTelegram, kMedium, kPinterest,
  kVk, kSoundcloud, kQuora, kTumblr, kLivejournal, kVimeo, kFlickr, kDailymotion, kPlatCount
};

struct PlatDef {
  const char* name;
  double user_share;
  int time_style;  // 0: Z, 1: epoch, 2: fixed offset
  int offset_min;
  int launch_year;
  double infra;    // share of actors whose export carries infra fingerprints
  std::vector<const char*> clients;
};

const std::array<PlatDef, kPlatCount>& Plats() {
  static const std::array<PlatDef, kPlatCount> p = {{
      {"facebook", 0.30, 0, 0, 2007, 0.8, {"Facebook for Android", "Facebook for iPhone", "Facebook Web", "Facebook Lite"}},
      {"instagram", 0.14, 0, 0, 2010, 0.7, {"Instagram for Android", "Instagram for iOS", "Instagram Web"}},
      {"x", 0.17, 0, 0, 2007, 0.35, {"Twitter for iPhone", "Twitter for Android", "Twitter Web App", "TweetDeck"}},
      {"youtube", 0.06, 0, 0, 2006, 0.05, {"YouTube Android", "YouTube iOS", "YouTube Web"}},
      {"tiktok", 0.08, 1, 0, 2017, 0.1, {"TikTok Android", "TikTok iOS"}},
      {"reddit", 0.08, 1, 0, 2007, 0.0, {"Reddit iOS", "Reddit Android", "old.reddit.com", "new.reddit.com"}},
      {"telegram", 0.05, 2, 180, 2013, 0.1, {"Telegram Android", "Telegram Desktop", "Telegram iOS"}},
      {"medium", 0.015, 0, 0, 2012, 0.0, {"Medium Web", "Medium iOS"}},
      {"pinterest", 0.035, 0, 0, 2010, 0.0, {"Pinterest Android", "Pinterest iOS", "Pinterest Web"}},
      {"vk", 0.015, 2, 180, 2007, 0.0, {"VK Android", "vk.com", "VK iPhone"}},
      {"soundcloud", 0.006, 0, 0, 2008, 0.0, {"web", "android", "ios"}},
      {"quora", 0.008, 1, 0, 2010, 0.0, {"web", "android", "ios"}},
      {"tumblr", 0.008, 1, 0, 2008, 0.0, {"web", "android", "ios"}},
      {"livejournal", 0.004, 2, 180, 2006, 0.0, {"web"}},
      {"vimeo", 0.003, 2, -300, 2006, 0.0, {"web", "ios"}},
      {"flickr", 0.004, 2, -480, 2006, 0.0, {"web", "android"}},
      {"dailymotion", 0.003, 2, 60, 2006, 0.0, {"web", "android"}},
  }};
  return p;
}

// ---------------------------------------------------------------------------
// Roles, actors, events
enum Role : uint8_t {
  kRUser, kROutlet, kRNewsroom, kRCeleb, kRFan, kRActivist, kRInfluencer, kRCustomer, kRBizPage, kRGroup, kRSub,
  kRSpam, kRSpamPage, kRSpamGroup, kRFarm, kRPersona
};
enum OpId : int8_t { kNoOp = -1, kOpSpam = 0, kOpFarm = 1, kOpPersona = 2 };

struct Actor {
  Time created = 0;
  uint64_t num = 0;
  float rate = 0;
  uint32_t followers = 0, following = 0;
  uint32_t avatar = 0;  // 0: none; < 1000: stock image; else unique
  uint32_t ip = 0, ip2 = 0, device = 0;
  uint32_t group = kNil, group2 = kNil;  // memberships used for posting
  int16_t tz = 0;
  uint16_t place = 0xFFFF;
  uint8_t platform = 0, type = 0, role = 0, lang = 0, chrono = 0, mail = 0, phone = 0, batch = 0;
  int8_t op = kNoOp;
  bool verified = false, has_infra = false, sleeper = false, show_lang = true, omit = false;
  uint32_t seed = 0;
};

enum Kind : uint8_t {
  kKNone, kKPersonal, kKComment, kKShort, kKShareNote, kKHeadline, kKFan, kKCeleb, kKActivist, kKSlogan, kKOpText,
  kKOpComment, kKOpVideo, kKOpArticle, kKOpShare, kKFarm, kKPersona, kKPersonaArticle, kKCustomer, kKBizPage,
  kKAmplify, kKOutletVideo
};

struct Event {
  Time t;
  uint32_t post, actor, parent, in, content, link;
  uint8_t type, kind, reaction, flags;
};

struct Rel {
  uint32_t from, to;
  uint8_t type;  // 0 follows, 1 member, 2 admin
};

struct Story {
  Time t;
  uint32_t outlet;
  uint8_t lang;
  bool video;
};

struct Params {
  uint32_t users;
  int outlets, celebs, fans, campaigns, activists;
  uint32_t spam, spam_pages, spam_groups, farm;
  int customers, personas;
  uint32_t fb_groups, subs, tg_groups, biz_pages;
  double op_rate, outlet_rate, viral_p, viral_xm;
};

Params ParamsFor(Scale s) {
  switch (s) {
    case Scale::kMedium: return {200000, 110, 4, 450, 3, 400, 3000, 60, 20, 800, 16, 14, 300, 160, 80, 200, 0.55, 3.0, 0.012, 900};
    case Scale::kLarge: return {1000000, 400, 10, 500, 6, 500, 10000, 150, 50, 2500, 40, 15, 1400, 600, 300, 800, 0.8, 3.0, 0.012, 2500};
    default: return {10000, 12, 1, 300, 1, 300, 400, 20, 8, 150, 6, 12, 16, 12, 6, 10, 0.2, 3.0, 0.006, 320};
  }
}

// Wake and sleep hours of the 8 chronotypes (sleep < wake means after midnight).
constexpr double kWake[8] = {6.0, 6.5, 7.0, 7.5, 8.0, 9.0, 10.0, 11.0};
constexpr double kSleep[8] = {22.0, 22.5, 23.0, 23.5, 0.0, 0.5, 1.5, 2.5};
constexpr int kSlots = 144;  // 10-minute slots

struct Activity {
  float w[8][kSlots];
  double mean[8];
  float office[kSlots];
  double office_mean;
};

bool Awake(int chrono, double hour) {
  const double wake = kWake[chrono], sleep = kSleep[chrono];
  if (sleep > wake) return hour >= wake && hour < sleep;
  return hour >= wake || hour < sleep;
}

Activity MakeActivity() {
  Activity a{};
  for (int c = 0; c < 8; ++c) {
    double sum = 0;
    for (int s = 0; s < kSlots; ++s) {
      const double h = s / 6.0 + 1.0 / 12;
      double w;
      if (!Awake(c, h)) {
        w = 0.015;
      } else {
        const double evening = std::exp(-std::pow((h - 20.5) / 2.2, 2));
        const double lunch = std::exp(-std::pow((h - 12.5) / 1.0, 2));
        const double morning = std::exp(-std::pow((h - kWake[c] - 1.0) / 1.0, 2));
        w = 0.45 + 0.45 * evening + 0.2 * lunch + 0.15 * morning;
      }
      a.w[c][s] = static_cast<float>(std::min(1.0, w));
      sum += a.w[c][s];
    }
    a.mean[c] = sum / kSlots;
  }
  double sum = 0;
  for (int s = 0; s < kSlots; ++s) {
    const double h = s / 6.0;
    double w = 0.004;
    if (h >= 9.0 && h < 12.0) w = 1.0;
    else if (h >= 12.0 && h < 13.5) w = 0.12;
    else if (h >= 13.5 && h < 18.0) w = 0.95;
    else if (h >= 18.0 && h < 19.5) w = 0.08;
    else if (h >= 8.5 && h < 9.0) w = 0.25;
    a.office[s] = static_cast<float>(w);
    sum += w;
  }
  a.office_mean = sum / kSlots;
  return a;
}

int DayOfWeek(Time t) {  // 0 = Sunday
  const int64_t days = FloorDiv(t, kDay);
  return static_cast<int>(((days % 7) + 11) % 7);
}

// ---------------------------------------------------------------------------
// Identifiers
std::string Base36(uint64_t v) {
  static constexpr char k[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s;
  do {
    s.push_back(k[v % 36]);
    v /= 36;
  } while (v);
  std::reverse(s.begin(), s.end());
  return s;
}

std::string Base64Id(uint64_t v, int chars) {
  static constexpr char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string s(static_cast<size_t>(chars), 'A');
  for (int i = chars - 1; i >= 0; --i) {
    s[static_cast<size_t>(i)] = k[v & 63];
    v >>= 6;
  }
  return s;
}

uint64_t Mix48(uint64_t x) {
  constexpr uint64_t kMask = (uint64_t{1} << 48) - 1;
  x = (x * 0x9E3779B97F4Bull) & kMask;
  x ^= x >> 17;
  x = (x * 0xC2B2AE3D27D5ull) & kMask;
  x ^= x >> 23;
  return x & kMask;
}

std::string Hex(uint64_t v, int chars) {
  static constexpr char k[] = "0123456789abcdef";
  std::string s(static_cast<size_t>(chars), '0');
  for (int i = chars - 1; i >= 0; --i) {
    s[static_cast<size_t>(i)] = k[v & 15];
    v >>= 4;
  }
  return s;
}

/// The counter-based id number: increasing with the counter, never colliding.
uint64_t Spaced(uint64_t base, uint64_t counter, uint64_t step, uint64_t salt) {
  return base + counter * step + Hash3(counter, salt) % step;
}

constexpr uint64_t kTwEpochMs = 1288834974657ULL;

std::string FormatActorId(const Actor& a) {
  switch (a.platform) {
    case kFacebook: return fmt::format("{}", 100000000000000ULL + a.num);
    case kX: return fmt::format("{}", a.num);
    case kYoutube: return "UC" + Base64Id(Mix64(a.num ^ 0x5bd1e995ULL), 11) + Base64Id(Mix64(a.num + 77), 11);
    case kReddit: return (a.type == 2 ? "t5_" : "t2_") + Base36(a.num);
    case kTelegram: return a.type == 3 || a.type == 2 ? fmt::format("-100{}", 1000000000ULL + a.num) : fmt::format("{}", a.num);
    case kMedium: return Hex(Mix48(a.num), 12);
    case kFlickr: return fmt::format("{}@N0{}", a.num, 1 + a.num % 8);
    case kTiktok: return fmt::format("{}", a.num);
    default: return fmt::format("{}", a.num);
  }
}

// ---------------------------------------------------------------------------
class World {
 public:
  explicit World(const SimConfig& cfg)
      : cfg_(cfg), p_(ParamsFor(cfg.scale)), act_(MakeActivity()), rng_(cfg.seed, "world") {
    days_ = std::max(1, cfg.days);
    origin_ = cfg.start;
    start_ = origin_ + static_cast<Time>(std::max(0, cfg.period - 1)) * (days_ + cfg.gap_days) * kDay;
    end_ = start_ + static_cast<Time>(days_) * kDay;
    span_ = 1000000 * (1 + p_.users * 3 / 2 / 1000000);
  }

  Result<SimStats> Run(const std::string& out_path, const std::string& truth_path, const ProgressFn& progress);

 private:
  // --- population ---------------------------------------------------------
  uint32_t NewActor(uint8_t platform, uint8_t type, uint8_t role, int8_t op = kNoOp) {
    Actor a;
    a.platform = platform;
    a.type = type;
    a.role = role;
    a.op = op;
    a.seed = static_cast<uint32_t>(rng_.Next());
    actors_.push_back(a);
    handles_.emplace_back();
    names_.emplace_back();
    return static_cast<uint32_t>(actors_.size() - 1);
  }
  void SetHandle(uint32_t i, std::string handle) {
    const uint8_t plat = actors_[i].platform;
    std::string h = handle;
    for (int tries = 0; !handle_set_.insert(HashBytesLower(plat, h)).second; ++tries) {
      h = fmt::format("{}{}", handle, rng_.Range(tries < 3 ? 1 : 100, tries < 3 ? 99 : 99999));
    }
    handles_[i] = std::move(h);
  }
  static uint64_t HashBytesLower(uint8_t plat, const std::string& s) {
    uint64_t h = 1469598103934665603ULL ^ plat;
    for (char c : s) h = (h ^ static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(c)))) * 1099511628211ULL;
    return Mix64(h);
  }
  uint8_t PickPlatform() {
    double u = rng_.Uniform(), acc = 0;
    for (int p = 0; p < kPlatCount; ++p) {
      acc += Plats()[p].user_share;
      if (u < acc) return static_cast<uint8_t>(p);
    }
    return kFacebook;
  }
  uint16_t PickPlace(uint8_t platform) {
    const auto& places = Places();
    if (platform == kVk || platform == kLivejournal || (platform == kTelegram && rng_.Chance(0.4))) {
      if (rng_.Chance(0.85)) {
        static const std::vector<uint16_t> ru = [] {
          std::vector<uint16_t> v;
          for (size_t i = 0; i < Places().size(); ++i)
            if (Places()[i].lang == kRu) v.push_back(static_cast<uint16_t>(i));
          return v;
        }();
        return ru[rng_.Below(ru.size())];
      }
    }
    // Americas and English-speaking places weigh more.
    while (true) {
      const uint16_t i = static_cast<uint16_t>(rng_.Below(places.size()));
      const Place& pl = places[i];
      double w = pl.lang == kEn ? 1.0 : 0.55;
      if (pl.lang == kRu) w = 0.25;
      if (pl.lang == kZh && (platform == kFacebook || platform == kInstagram)) w = 0.3;
      if (rng_.Chance(w)) return i;
    }
  }
  Time CreatedOrdinary(uint8_t platform) {
    const int launch = std::max(Plats()[platform].launch_year, 2006);
    const Time lo = DaysFromCivil(launch, 6, 1) * kDay;
    const Time hi = origin_ - 2 * kDay;
    if (rng_.Chance(0.02)) return hi - static_cast<Time>(rng_.Uniform(0, 40.0 * kDay));  // brand-new users exist too
    const double u = std::pow(rng_.Uniform(), 0.85);
    return lo + static_cast<Time>(u * static_cast<double>(hi - lo));
  }
  void MakePerson(uint32_t i, int lang_hint = -1, int place_hint = -1) {
    Actor& a = actors_[i];
    a.place = place_hint >= 0 ? static_cast<uint16_t>(place_hint) : PickPlace(a.platform);
    const Place& pl = Places()[a.place];
    a.tz = static_cast<int16_t>(pl.tz_minutes);
    a.lang = static_cast<uint8_t>(lang_hint >= 0 ? lang_hint : (rng_.Chance(0.85) ? pl.lang : kEn));
    a.chrono = static_cast<uint8_t>(rng_.Below(8));
    a.created = CreatedOrdinary(a.platform);
    a.rate = static_cast<float>(rng_.LogNormal(std::log(0.019), 1.0));
    a.followers = static_cast<uint32_t>(std::min(60000.0, rng_.LogNormal(std::log(120), 1.3)));
    a.following = static_cast<uint32_t>(std::min(7500.0, rng_.LogNormal(std::log(180), 1.0)));
    a.verified = rng_.Chance(0.004);
    a.show_lang = rng_.Chance(0.7);
    // Avatars: most unique, some platform default (0), a few popular stock pictures.
    const double av = rng_.Uniform();
    a.avatar = av < 0.1 ? 0 : (av < 0.103 ? 1 + static_cast<uint32_t>(rng_.Below(40)) : 1000 + i);
    a.has_infra = rng_.Chance(Plats()[a.platform].infra);
    a.ip = span_ + i;
    // Households and family tablets are shared only with actors on the same
    // side (authentic with authentic, an operation with itself): a persona
    // must not share a router with a Spamouflage account by index accident.
    if (rng_.Chance(0.08) && i > 10) {
      const uint32_t j = i - 1 - static_cast<uint32_t>(rng_.Below(std::min<uint32_t>(i - 1, 500)));
      if (actors_[j].op == a.op) a.ip = actors_[j].ip;  // household
    }
    if (rng_.Chance(0.012)) a.ip = 500 + static_cast<uint32_t>(rng_.Below(12));  // carrier-grade NAT
    a.device = span_ + i;
    if (rng_.Chance(0.03) && i > 10 && actors_[i - 1].op == a.op) a.device = actors_[i - 1].device;  // family tablet
    a.mail = static_cast<uint8_t>(MailFor(a.lang));
    a.phone = static_cast<uint8_t>(a.place);
    PersonName n = MakePersonName(rng_, a.lang);
    names_[i] = n.display;
    SetHandle(i, OrdinaryHandle(rng_, n));
  }
  int MailFor(int lang) {
    // index into kMails
    const double u = rng_.Uniform();
    if (lang == kZh && u < 0.4) return 6 + static_cast<int>(rng_.Below(2));
    if (lang == kDe && u < 0.3) return 8;
    if (lang == kFr && u < 0.3) return 9;
    if (lang == kRu && u < 0.5) return 10 + static_cast<int>(rng_.Below(2));
    if (lang == kKo && u < 0.4) return 12;
    if (lang == kJa && u < 0.3) return 13;
    const double v = rng_.Uniform();
    if (v < 0.55) return 0;
    if (v < 0.68) return 1;
    if (v < 0.80) return 2;
    if (v < 0.88) return 3;
    if (v < 0.96) return 4;
    return 5;
  }

  void BuildPopulation();
  void BuildOps();
  void BuildGraph();
  void AssignActorIds();
  uint64_t NumFor(int platform, Time created, uint64_t counter) const;
  void ReturnAfterTakedown();
  void BuildFollowerIndex();

  // --- activity -----------------------------------------------------------
  uint32_t Emit(Time t, uint32_t actor, PostType type, uint32_t parent, uint8_t kind, uint32_t content = 0,
                uint32_t in = kNil, uint32_t link = kNil, uint8_t reaction = 0) {
    if (t < start_ || t >= end_) return kNil;
    const auto idx = static_cast<uint32_t>(post_author_.size());
    post_author_.push_back(actor);
    post_num_.push_back(0);
    post_plat_.push_back(actors_[actor].platform);
    post_type_.push_back(static_cast<uint8_t>(type));
    buckets_[static_cast<size_t>((t - start_) / kDay)].push_back(
        Event{t, idx, actor, parent, in, content, link, static_cast<uint8_t>(type), kind, reaction, 0});
    return idx;
  }
  /// Moves `t` to the next moment the actor is awake.
  Time AwakeShift(uint32_t actor, Time t) {
    const Actor& a = actors_[actor];
    const Time local = t + a.tz * kMin;
    const double hour = static_cast<double>(((local % kDay) + kDay) % kDay) / 3600.0;
    if (Awake(a.chrono, hour)) return t;
    if (rng_.Chance(0.03)) return t;  // awake at night anyway
    double wait = kWake[a.chrono] - hour;
    if (wait < 0) wait += 24;
    return t + static_cast<Time>(wait * 3600 + rng_.Exponential(50 * 60));
  }
  /// Moves `t` into the Beijing office hours (weekdays 09:00-18:00, no lunch).
  Time OfficeShift(Time t) {
    for (int guard = 0; guard < 10; ++guard) {
      const Time local = t + 8 * kHour;
      const int dow = DayOfWeek(local);
      const double hour = static_cast<double>(((local % kDay) + kDay) % kDay) / 3600.0;
      const bool weekend = dow == 0 || dow == 6;
      const bool office = (hour >= 9.0 && hour < 12.0) || (hour >= 13.5 && hour < 18.0);
      if (!weekend && office) return t;
      if (weekend && office && rng_.Chance(0.05)) return t;
      if (!weekend && hour >= 12.0 && hour < 13.5) {
        t += static_cast<Time>((13.5 - hour) * 3600 + rng_.Exponential(20 * 60));
        continue;
      }
      if (!weekend && hour >= 18.0 && hour < 19.5 && rng_.Chance(0.1)) return t;  // overtime
      double wait = 9.0 - hour;
      if (wait <= 0) wait += 24;
      t += static_cast<Time>(wait * 3600 + rng_.Exponential(45 * 60));
    }
    return t;
  }
  /// Times of one day by thinning a Poisson process with the given intensity.
  void SampleTimes(Time day_start, double rate, int chrono, int tz, std::vector<Time>& out) {
    out.clear();
    const uint64_t n = rng_.Poisson(rate / act_.mean[chrono]);
    for (uint64_t i = 0; i < n; ++i) {
      const Time t = day_start + static_cast<Time>(rng_.Below(kDay));
      const Time local = t + tz * kMin;
      const int slot = static_cast<int>((((local % kDay) + kDay) % kDay) / 600);
      if (rng_.Uniform() < act_.w[chrono][slot]) out.push_back(t);
    }
  }
  void SampleOfficeTimes(Time day_start, double rate, std::vector<Time>& out) {
    out.clear();
    const uint64_t n = rng_.Poisson(rate / act_.office_mean);
    for (uint64_t i = 0; i < n; ++i) {
      const Time t = day_start + static_cast<Time>(rng_.Below(kDay));
      const Time local = t + 8 * kHour;
      const int slot = static_cast<int>((((local % kDay) + kDay) % kDay) / 600);
      const int dow = DayOfWeek(local);
      const double wk = (dow == 0 || dow == 6) ? 0.05 : 1.0;
      if (rng_.Uniform() < act_.office[slot] * wk) out.push_back(t);
    }
  }
  uint8_t ReactionFor(uint8_t plat, bool hostile = false) {
    switch (plat) {
      case kFacebook: {
        if (hostile) return rng_.Chance(0.6) ? 6 : 3;  // angry / haha
        const double u = rng_.Uniform();
        return u < 0.62 ? 1 : u < 0.82 ? 2 : u < 0.88 ? 3 : u < 0.92 ? 4 : u < 0.95 ? 5 : u < 0.97 ? 6 : 7;
      }
      case kReddit: return hostile ? 9 : (rng_.Chance(0.93) ? 8 : 9);
      case kTelegram: return static_cast<uint8_t>(10 + rng_.Below(4));
      case kMedium: return 14;
      case kYoutube: return hostile ? 15 : 1;
      default: return 1;
    }
  }
  uint8_t CommentType(uint8_t plat) const {
    return plat == kX ? static_cast<uint8_t>(PostType::kReply) : static_cast<uint8_t>(PostType::kComment);
  }
  /// One authentic engagement of `actor` at `t` on `post` (authored by `author`).
  void EngageOne(uint32_t post, uint32_t author, uint32_t actor, Time t, int depth, bool viral = false);
  void CascadeFollowers(uint32_t post, uint32_t author, Time t, double mult);
  void CascadeViral(uint32_t post, uint32_t author, Time t, uint32_t size);
  uint32_t RandomPerson(uint8_t plat) {
    const auto& v = persons_by_plat_[plat];
    return v.empty() ? kNil : v[rng_.Below(v.size())];
  }
  void NoteRecent(std::vector<std::pair<Time, uint32_t>>& ring, Time t, uint32_t post) {
    if (post == kNil) return;
    ring.emplace_back(t, post);
    if (ring.size() > 400) ring.erase(ring.begin(), ring.begin() + 200);
  }
  /// A recent entry strictly before t, or kNil.
  uint32_t PickRecent(const std::vector<std::pair<Time, uint32_t>>& ring, Time t, int window = 60) {
    if (ring.empty()) return kNil;
    for (int tries = 0; tries < 8; ++tries) {
      const size_t lo = ring.size() > static_cast<size_t>(window) ? ring.size() - static_cast<size_t>(window) : 0;
      const auto& e = ring[lo + rng_.Below(ring.size() - lo)];
      if (e.first < t) return e.second;
    }
    return kNil;
  }

  void GenerateDay(int d);
  void DayPersons(Time day_start, int d);
  void DayOutlets(Time day_start);
  void DayNewsroom(Time day_start);
  void DayCelebs(Time day_start);
  void DayActivists(Time day_start, int d);
  void DayPagesGroups(Time day_start);
  void DayFarm(Time day_start);
  void DaySpam(Time day_start);
  void SpamAmplify(uint32_t post, uint32_t author, Time t);
  void DayPersona(Time day_start, int d);
  void DayInfluencers(Time day_start, int d);

  // --- output ---------------------------------------------------------------
  void RenderActor(uint32_t i, std::string& out);
  void RenderRelation(const Rel& r, std::string& out);
  void RenderPost(const Event& e, std::string& out);
  void AppendTime(Obj& o, std::string_view key, Time t, uint64_t h, uint8_t plat);
  std::string PostIdString(uint32_t post) const;
  std::string UrlFor(uint32_t post, uint64_t h);
  std::string StoryUrl(uint32_t story) const;
  void AssignPostIds(std::vector<Event>& events);
  Status FlushBlock(int d, OutFile& out);
  nlohmann::json Member(uint32_t i) const {
    return nlohmann::json{{"platform", Plats()[actors_[i].platform].name},
                          {"type", std::string(Name(static_cast<ActorType>(actors_[i].type)))},
                          {"id", FormatActorId(actors_[i])}};
  }
  Status WriteTruth(const std::string& path);

  SimConfig cfg_;
  Params p_;
  // Addresses and devices are numbered in one range per role (residential,
  // outlets' own, the operation's batches, the farm's, new ones after a
  // takedown), `span_` apart: more than the actors of the world, so an index
  // can never reach the next role's range and a news outlet never shares an
  // address with an operation by numbering accident.
  uint32_t span_ = 1000000;
  Activity act_;
  Rng rng_;
  int days_;
  Time origin_;  // period 1's start: the population is built relative to it
  Time start_, end_;
  std::vector<uint32_t> returning_;  // period > 1: operation members that survived the takedown

  std::vector<Actor> actors_;
  std::vector<std::string> handles_, names_;
  std::unordered_set<uint64_t> handle_set_;
  std::vector<uint32_t> persons_;                       // daily ordinary posting loop
  std::array<std::vector<uint32_t>, kPlatCount> persons_by_plat_;
  std::vector<uint32_t> outlets_, newsroom_, celebs_, influencers_, customers_, biz_pages_;
  std::vector<std::vector<uint32_t>> fans_;              // per celebrity
  std::vector<std::vector<uint32_t>> activists_;         // per campaign; [0] organiser
  std::vector<uint32_t> groups_, subs_;
  std::vector<std::vector<uint32_t>> group_members_;     // by group index into groups_
  std::unordered_map<uint32_t, uint32_t> group_index_;
  std::unordered_map<uint32_t, std::string> domains_;
  std::vector<uint32_t> spam_, spam_pages_, spam_groups_, farm_, personas_;
  std::array<std::vector<uint32_t>, kPlatCount> spam_by_plat_, farm_by_plat_;
  std::vector<std::vector<uint32_t>> spam_group_members_;
  std::vector<uint32_t> page_admins_;  // first admin of each spam page
  std::vector<Rel> rels_;
  std::vector<uint32_t> fol_off_, fol_;

  // posts
  std::vector<uint64_t> post_num_;
  std::vector<uint32_t> post_author_;
  std::vector<uint8_t> post_plat_, post_type_;
  std::vector<std::vector<Event>> buckets_;
  std::array<uint64_t, kPlatCount> post_counter_{};
  std::vector<Story> stories_;
  std::array<std::vector<std::pair<Time, uint32_t>>, kPlatCount> recent_news_, recent_op_;
  std::vector<std::pair<Time, uint32_t>> op_videos_, op_articles_, persona_articles_;
  CopySet op_copies_;  // wordings used, with distinct_op_copies
  std::vector<uint8_t> viral_sharer_;
  std::vector<uint32_t> stamp_;
  uint32_t stamp_id_ = 0;
  std::vector<std::pair<int, uint32_t>> influencer_days_;  // (day, influencer)
  std::vector<int> campaign_days_;

  // output
  std::vector<std::vector<uint32_t>> actor_blocks_, rel_blocks_;
  std::array<uint64_t, 3> op_eng_{}, op_internal_{};
  SimStats stats_;
  std::vector<Time> times_;
  TextOut text_;
};

const char* const kMails[] = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me",
                              "qq.com", "163.com", "gmx.de", "orange.fr", "mail.ru", "yandex.ru", "naver.com",
                              "docomo.ne.jp"};
const char* const kPhones[] = {"+1", "+44", "+234", "+62", "+63", "+852", "+7", "+91", "+86", "+880"};
const char* const kReactions[] = {"", "like", "love", "haha", "wow", "sad", "angry", "care", "upvote", "downvote",
                                  "👍", "❤️", "🔥", "😁", "clap", "dislike"};

// ---------------------------------------------------------------------------
void World::BuildPopulation() {
  const auto& places = Places();
  // Ordinary users.
  for (uint32_t k = 0; k < p_.users; ++k) {
    const uint8_t plat = PickPlatform();
    const uint8_t type = plat == kYoutube ? static_cast<uint8_t>(ActorType::kChannel) : 0;
    const uint32_t i = NewActor(plat, type, kRUser);
    MakePerson(i);
    if (plat == kYoutube) actors_[i].rate *= 0.3f;  // most channels only comment
    actors_[i].omit = rng_.Chance(0.003);
    persons_.push_back(i);
  }
  auto make_org = [&](uint8_t plat, uint8_t type, uint8_t role, const std::string& name, const std::string& handle,
                      int place) {
    const uint32_t i = NewActor(plat, type, role);
    Actor& a = actors_[i];
    a.place = static_cast<uint16_t>(place);
    a.tz = static_cast<int16_t>(places[static_cast<size_t>(place)].tz_minutes);
    a.lang = static_cast<uint8_t>(places[static_cast<size_t>(place)].lang);
    a.chrono = 1;
    a.created = DaysFromCivil(2008 + static_cast<int>(rng_.Below(12)), 1 + static_cast<unsigned>(rng_.Below(12)), 1 + static_cast<unsigned>(rng_.Below(28))) * kDay + static_cast<Time>(rng_.Below(kDay));
    a.created = std::max<Time>(a.created, DaysFromCivil(Plats()[plat].launch_year, 7, 1) * kDay);
    a.avatar = 1000 + i;
    a.has_infra = rng_.Chance(Plats()[plat].infra * 0.5);
    a.ip = 2 * span_ + i;
    a.device = 2 * span_ + i;
    a.mail = 0;
    a.show_lang = true;
    names_[i] = name;
    SetHandle(i, handle);
    return i;
  };
  // News outlets.
  static const char* const kOutletWords[] = {"Herald", "Tribune", "Daily", "Courier", "Post", "Chronicle", "Observer",
                                             "Gazette", "Times", "Report", "News", "Today", "Wire", "Dispatch"};
  static const uint8_t kOutletPlats[] = {kFacebook, kX, kX, kYoutube, kTelegram, kFacebook, kInstagram, kX, kTiktok, kFacebook};
  for (int k = 0; k < p_.outlets; ++k) {
    const uint8_t plat = kOutletPlats[k % 10];
    const int place = static_cast<int>(PickPlace(plat));
    std::string city = places[static_cast<size_t>(place)].city;
    city = city.substr(0, city.find(','));
    const char* word = kOutletWords[rng_.Below(std::size(kOutletWords))];
    const std::string name = fmt::format("{} {}", city, word);
    const std::string handle = fmt::format("{}{}", Slug(city, 0).substr(0, Slug(city, 0).find('-')), word);
    const uint8_t type = plat == kFacebook ? 1 : plat == kYoutube || plat == kTelegram ? 3 : 0;
    const uint32_t i = make_org(plat, type, kROutlet, name, handle.size() > 3 ? handle : fmt::format("news{}", k), place);
    actors_[i].followers = static_cast<uint32_t>(std::min(8e6, rng_.Pareto(40000, 1.1)));
    actors_[i].following = static_cast<uint32_t>(rng_.Range(10, 900));
    actors_[i].verified = true;
    actors_[i].rate = static_cast<float>(p_.outlet_rate * rng_.Uniform(0.5, 1.6));
    domains_[i] = fmt::format("{}{}.{}", Slug(city, 0).substr(0, Slug(city, 0).find('-')), Slug(word, 0).substr(0, Slug(word, 0).find('-')),
                              rng_.Chance(0.7) ? "com" : (rng_.Chance(0.5) ? "net" : "news"));
    outlets_.push_back(i);
  }
  // The newsroom brand.
  {
    const int place = 0;  // New York
    const uint8_t plats[] = {kFacebook, kX, kYoutube, kInstagram};
    const uint8_t types[] = {1, 0, 3, 0};
    for (int k = 0; k < 4; ++k) {
      const uint32_t i = make_org(plats[k], types[k], kRNewsroom, "The Daily Meridian",
                                  k == 2 ? "DailyMeridianTV" : "dailymeridian", place);
      actors_[i].followers = static_cast<uint32_t>(rng_.Range(300000, 2500000));
      actors_[i].following = static_cast<uint32_t>(rng_.Range(50, 400));
      actors_[i].verified = true;
      domains_[i] = "dailymeridian.com";
      newsroom_.push_back(i);
    }
  }
  // Celebrities and fans.
  static const char* const kCelebNames[][2] = {{"Mara Solène", "marasolene"}, {"Jae-won Park", "jaewon_official"},
                                               {"Luna Vega", "lunavegamusic"}, {"DJ Kestrel", "djkestrel"},
                                               {"Aiko Hoshino", "aiko_hoshino"}, {"Tom Reyes", "tomreyes"},
                                               {"Nina Blackwood", "ninablackwood"}, {"Rafa Costa", "rafacosta10"},
                                               {"Zoe Lark", "zoelark"}, {"The Paper Kites Tour", "paperkitestour"}};
  for (int c = 0; c < p_.celebs; ++c) {
    const uint8_t plat = c % 3 == 0 ? kInstagram : c % 3 == 1 ? kX : kTiktok;
    const uint32_t ci = make_org(plat, 0, kRCeleb, kCelebNames[c % 10][0],
                                 c < 10 ? kCelebNames[c][1] : fmt::format("{}{}", kCelebNames[c % 10][1], c),
                                 static_cast<int>(rng_.Below(places.size())));
    actors_[ci].followers = static_cast<uint32_t>(rng_.Range(2000000, 9000000));
    actors_[ci].following = static_cast<uint32_t>(rng_.Range(100, 700));
    actors_[ci].verified = true;
    actors_[ci].chrono = 6;
    celebs_.push_back(ci);
    std::vector<uint32_t> fans{ci};
    const int nf = p_.fans + static_cast<int>(rng_.Range(-50, 50));
    for (int k = 0; k < nf; ++k) {
      const uint32_t i = NewActor(plat, 0, kRFan);
      MakePerson(i);
      actors_[i].rate *= 1.5f;
      persons_.push_back(i);
      fans.push_back(i);
    }
    fans_.push_back(std::move(fans));
  }
  // Activists: campaign organiser first.
  for (int c = 0; c < p_.campaigns; ++c) {
    std::vector<uint32_t> group;
    const auto tags = CampaignHashtags(c);
    const uint32_t org = make_org(kX, 0, kRActivist, fmt::format("{} coalition", CampaignName(c)),
                                  fmt::format("{}_org", tags[0]), static_cast<int>(rng_.Below(places.size())));
    actors_[org].followers = static_cast<uint32_t>(rng_.Range(8000, 60000));
    actors_[org].rate = 0.3f;
    persons_.push_back(org);
    group.push_back(org);
    const int na = p_.activists + static_cast<int>(rng_.Range(-40, 40));
    for (int k = 0; k < na; ++k) {
      const double u = rng_.Uniform();
      const uint8_t plat = u < 0.6 ? kX : u < 0.8 ? kInstagram : kFacebook;
      const uint32_t i = NewActor(plat, 0, kRActivist);
      MakePerson(i);
      persons_.push_back(i);
      group.push_back(i);
    }
    activists_.push_back(std::move(group));
  }
  // Three real influencers (the op's unwitting amplifiers).
  {
    const uint8_t plats[] = {kX, kYoutube, kFacebook};
    const char* names[][2] = {{"Kyle Brennan", "kylebrennanshow"}, {"Dan Halvorsen", "DanHalvorsenTalks"}, {"Rita Moreau", "rita.moreau.official"}};
    const uint32_t followers[] = {850000, 1400000, 320000};
    for (int k = 0; k < 3; ++k) {
      const uint32_t i = make_org(plats[k], plats[k] == kYoutube ? 3 : 0, kRInfluencer, names[k][0], names[k][1],
                                  k == 2 ? 29 : k);
      actors_[i].followers = followers[k] + static_cast<uint32_t>(rng_.Below(90000));
      actors_[i].following = static_cast<uint32_t>(rng_.Range(200, 1500));
      actors_[i].verified = k != 2;
      actors_[i].rate = 1.6f;
      actors_[i].chrono = static_cast<uint8_t>(3 + k);
      actors_[i].lang = kEn;
      persons_.push_back(i);
      influencers_.push_back(i);
    }
  }
  // Customers of the engagement farm: small businesses and aspiring influencers.
  static const char* const kShops[] = {"Bloom & Crumb Bakery", "Nova Fitness Studio", "Lush Locks Salon", "Kai Surf School",
                                       "Velvet Vinyl Records", "Golden Hour Photography", "Tiny Paws Grooming", "Urban Sprout Cafe"};
  for (int k = 0; k < p_.customers; ++k) {
    const double u = rng_.Uniform();
    const uint8_t plat = u < 0.5 ? kInstagram : u < 0.75 ? kFacebook : u < 0.9 ? kX : kTiktok;
    const bool shop = k % 2 == 0;
    uint32_t i;
    if (shop) {
      const std::string name = k < 16 ? fmt::format("{}", kShops[k / 2 % 8]) : fmt::format("{} {}", kShops[k / 2 % 8], k / 16 + 1);
      i = make_org(plat, plat == kFacebook ? 1 : 0, kRCustomer, name, Slug(name, 0).substr(0, Slug(name, 0).rfind('-')),
                   static_cast<int>(rng_.Below(places.size())));
    } else {
      i = NewActor(plat, 0, kRCustomer);
      MakePerson(i);
    }
    actors_[i].followers = static_cast<uint32_t>(rng_.Range(2000, 40000));
    actors_[i].rate = 0.6f;
    customers_.push_back(i);
  }
  // Authentic groups, pages, subreddits.
  static const char* const kGroupTopics[] = {"Gardening", "Vintage Cars", "Home Cooking", "Running", "Book Club",
                                             "Parents", "Hiking", "Photography", "Buy Nothing", "Dog Lovers",
                                             "Board Games", "Cycling", "Knitting", "Aquarium", "Jazz"};
  auto add_group = [&](uint8_t plat, uint8_t type, uint8_t role, const std::string& name, const std::string& handle,
                       uint32_t members, std::vector<uint32_t>& list) {
    const uint32_t g = make_org(plat, type, role, name, handle, static_cast<int>(rng_.Below(places.size())));
    actors_[g].followers = members * static_cast<uint32_t>(rng_.Range(3, 30));
    group_index_[g] = static_cast<uint32_t>(group_members_.size());
    group_members_.emplace_back();
    list.push_back(g);
    const auto& pool = persons_by_plat_[plat];
    if (pool.empty()) return g;
    const int admins = static_cast<int>(rng_.Range(1, 3));
    for (uint32_t k = 0; k < members; ++k) {
      const uint32_t m = pool[rng_.Below(pool.size())];
      group_members_.back().push_back(m);
      rels_.push_back({m, g, static_cast<uint8_t>(k < static_cast<uint32_t>(admins) ? 2 : 1)});
      Actor& ma = actors_[m];
      if (ma.group == kNil) ma.group = g;
      else if (ma.group2 == kNil && ma.group != g) ma.group2 = g;
    }
    return g;
  };
  for (uint32_t i : persons_) persons_by_plat_[actors_[i].platform].push_back(i);
  for (uint32_t k = 0; k < p_.fb_groups; ++k) {
    const std::string topic = kGroupTopics[rng_.Below(std::size(kGroupTopics))];
    std::string city = places[rng_.Below(places.size())].city;
    city = city.substr(0, city.find(','));
    const std::string name = rng_.Chance(0.5) ? fmt::format("{} {}", city, topic) : fmt::format("{} Lovers {}", topic, k + 1);
    add_group(kFacebook, 2, kRGroup, name, Slug(name, k).substr(0, 40), static_cast<uint32_t>(rng_.Range(15, 250)), groups_);
  }
  for (uint32_t k = 0; k < p_.tg_groups; ++k) {
    const std::string name = fmt::format("{} chat {}", kGroupTopics[rng_.Below(std::size(kGroupTopics))], k + 1);
    add_group(kTelegram, 2, kRGroup, name, Slug(name, k).substr(0, 30), static_cast<uint32_t>(rng_.Range(10, 150)), groups_);
  }
  static const char* const kSubs[] = {"worldnews", "AskReddit", "gardening", "running", "cooking", "books", "photography",
                                      "personalfinance", "movies", "Music", "travel", "technology", "politics",
                                      "China", "geopolitics", "aww", "soccer", "nba", "europe", "australia"};
  for (uint32_t k = 0; k < p_.subs; ++k) {
    const std::string base = kSubs[k % std::size(kSubs)];
    const std::string name = k < std::size(kSubs) ? base : fmt::format("{}{}", base, k / std::size(kSubs) + 1);
    add_group(kReddit, 2, kRSub, "r/" + name, name, static_cast<uint32_t>(rng_.Range(30, 400)), subs_);
  }
  for (uint32_t k = 0; k < p_.biz_pages; ++k) {
    const std::string name = fmt::format("{} {}", kShops[rng_.Below(8)], k + 1);
    const uint32_t g = add_group(kFacebook, 1, kRBizPage, name, Slug(name, k).substr(0, 30), 0, biz_pages_);
    if (!persons_by_plat_[kFacebook].empty()) rels_.push_back({persons_by_plat_[kFacebook][rng_.Below(persons_by_plat_[kFacebook].size())], g, 2});
    actors_[g].followers = static_cast<uint32_t>(rng_.Range(100, 20000));
    actors_[g].rate = 0.4f;
  }
}

void World::BuildOps() {
  const auto& places = Places();
  // --- spamouflage -----------------------------------------------------------
  const int batches = 3 + static_cast<int>(rng_.Below(3));
  std::vector<Time> batch_start;
  for (int b = 0; b < batches; ++b)
    batch_start.push_back(origin_ - (45 - 9 * b) * kDay - static_cast<Time>(rng_.Below(2)) * kDay);
  auto batch_created = [&](int b) {
    // Beijing office hours on one of 3 days
    const Time day = batch_start[static_cast<size_t>(b)] + static_cast<Time>(rng_.Below(3)) * kDay;
    const Time local_midnight = day - 8 * kHour;
    return local_midnight + static_cast<Time>(rng_.Uniform(9.2, 17.8) * 3600);
  };
  const std::vector<std::pair<uint8_t, double>> dist = {
      {kFacebook, 0.45}, {kX, 0.16}, {kYoutube, 0.08}, {kTiktok, 0.06}, {kReddit, 0.04}, {kMedium, 0.035},
      {kPinterest, 0.035}, {kInstagram, 0.04}, {kVk, 0.01}, {kSoundcloud, 0.01}, {kQuora, 0.01}, {kTumblr, 0.01},
      {kLivejournal, 0.01}, {kVimeo, 0.01}, {kFlickr, 0.01}, {kDailymotion, 0.01}};
  const uint32_t n_ips = std::max<uint32_t>(8, p_.spam / 14), n_devs = std::max<uint32_t>(10, p_.spam / 7);
  const uint32_t n_stock = 30;
  auto fake_profile = [&](uint32_t i, int b, bool aged) {
    Actor& a = actors_[i];
    a.batch = static_cast<uint8_t>(b);
    a.created = aged ? DaysFromCivil(2014 + static_cast<int>(rng_.Below(7)), 1 + static_cast<unsigned>(rng_.Below(12)), 1 + static_cast<unsigned>(rng_.Below(28))) * kDay + static_cast<Time>(rng_.Below(kDay))
                     : batch_created(b);
    a.created = std::max<Time>(a.created, DaysFromCivil(Plats()[a.platform].launch_year, 7, 1) * kDay);
    a.lang = static_cast<uint8_t>(rng_.Chance(0.62) ? kZh : kEn);
    a.show_lang = rng_.Chance(0.75);
    const int name_lang = rng_.Chance(0.5) ? kEn : kZh;
    PersonName n = MakePersonName(rng_, name_lang);
    names_[i] = n.display;
    SetHandle(i, rng_.Chance(0.85) ? FakeHandle(rng_, n) : OrdinaryHandle(rng_, n));
    // Claimed location: often none, often Western (inconsistent with the language).
    const double u = rng_.Uniform();
    if (u < 0.45) a.place = 0xFFFF;
    else if (u < 0.8) a.place = static_cast<uint16_t>(rng_.Below(24));  // North America / UK
    else a.place = static_cast<uint16_t>(47 + rng_.Below(4));            // HK/Taipei/...
    a.tz = 480;
    a.chrono = 2;
    a.followers = static_cast<uint32_t>(rng_.Below(4) == 0 ? rng_.Range(0, 3) : std::min(400.0, rng_.Exponential(18)));
    a.following = static_cast<uint32_t>(rng_.Range(3, 260));
    const double av = rng_.Uniform();
    a.avatar = av < 0.42 ? 1 + static_cast<uint32_t>(100 + rng_.Below(n_stock)) : av < 0.58 ? 0 : 1000 + i;
    a.has_infra = rng_.Chance(Plats()[a.platform].infra);
    const uint32_t ips_per_batch = std::max<uint32_t>(2, n_ips / static_cast<uint32_t>(batches));
    a.ip = 3 * span_ + static_cast<uint32_t>(b) * ips_per_batch + static_cast<uint32_t>(rng_.Below(ips_per_batch));
    if (rng_.Chance(0.3)) a.ip2 = 3 * span_ + static_cast<uint32_t>(rng_.Below(n_ips));
    if (rng_.Chance(0.35)) a.ip = span_ + i;  // some use residential addresses
    const uint32_t devs_per_batch = std::max<uint32_t>(2, n_devs / static_cast<uint32_t>(batches));
    a.device = rng_.Chance(0.6) ? 3 * span_ + static_cast<uint32_t>(b) * devs_per_batch + static_cast<uint32_t>(rng_.Below(devs_per_batch)) : span_ + i;
    const double m = rng_.Uniform();
    a.mail = static_cast<uint8_t>(m < 0.4 ? 0 : m < 0.7 ? 2 : m < 0.82 ? 7 : m < 0.9 ? 11 : 3);
    a.phone = static_cast<uint8_t>(rng_.Below(std::size(kPhones)));
    a.rate = static_cast<float>(p_.op_rate * rng_.LogNormal(0, 0.6));
    a.sleeper = rng_.Chance(0.15);
    if (a.sleeper) a.rate *= 0.03f;
  };
  for (uint32_t k = 0; k < p_.spam; ++k) {
    double u = rng_.Uniform(), acc = 0;
    uint8_t plat = kFacebook;
    for (auto& [pl, share] : dist) {
      acc += share;
      if (u < acc) {
        plat = pl;
        break;
      }
    }
    const uint8_t type = plat == kYoutube ? 3 : 0;
    const uint32_t i = NewActor(plat, type, kRSpam, kOpSpam);
    const bool aged = rng_.Chance(0.1);
    fake_profile(i, static_cast<int>(rng_.Below(static_cast<uint64_t>(batches))), aged);
    spam_.push_back(i);
    spam_by_plat_[plat].push_back(i);
  }
  static const char* const kPageNames[] = {"Beautiful Xinjiang", "Voice of Truth", "Peace & Harmony", "Silk Road Stories",
                                           "World Truth Today", "Real China", "天山之美", "和平之声", "Amazing Kashgar",
                                           "Global Justice Watch", "真相时刻", "Harmony Daily", "East Wind Views",
                                           "Cotton Fields Forever", "The Other Side", "Fact Check Asia", "丝路故事",
                                           "Sunshine Xinjiang", "People First", "Truth Seekers United"};
  const auto& fb = spam_by_plat_[kFacebook];
  for (uint32_t k = 0; k < p_.spam_pages; ++k) {
    const std::string name = k < std::size(kPageNames) ? kPageNames[k] : fmt::format("{} {}", kPageNames[k % std::size(kPageNames)], k / std::size(kPageNames) + 1);
    const uint32_t i = NewActor(kFacebook, 1, kRSpamPage, kOpSpam);
    Actor& a = actors_[i];
    a.created = batch_created(static_cast<int>(rng_.Below(static_cast<uint64_t>(batches))));
    a.lang = static_cast<uint8_t>(rng_.Chance(0.5) ? kZh : kEn);
    a.tz = 480;
    a.chrono = 2;
    a.followers = static_cast<uint32_t>(rng_.Range(20, 900));
    a.avatar = rng_.Chance(0.5) ? 100 + static_cast<uint32_t>(rng_.Below(n_stock)) : 1000 + i;
    a.rate = static_cast<float>(p_.op_rate * 2.5 * rng_.LogNormal(0, 0.4));
    a.place = 0xFFFF;
    names_[i] = name;
    SetHandle(i, Slug(name, i).substr(0, std::min<size_t>(25, Slug(name, i).size())));
    spam_pages_.push_back(i);
    const int admins = static_cast<int>(rng_.Range(1, 3));
    for (int j = 0; j < admins && !fb.empty(); ++j) {
      const uint32_t adm = fb[rng_.Below(fb.size())];
      rels_.push_back({adm, i, 2});
      if (j == 0) page_admins_.push_back(adm);
    }
    const int likers = static_cast<int>(rng_.Range(5, 40));
    for (int j = 0; j < likers && !fb.empty(); ++j) rels_.push_back({fb[rng_.Below(fb.size())], i, 0});
  }
  static const char* const kGroupNames[] = {"Friends of China", "Truth about Xinjiang", "中华之声", "Love Peace Not War",
                                            "Xinjiang Travel Lovers", "Overseas Chinese Unite", "Stop US Hegemony", "真相群"};
  for (uint32_t k = 0; k < p_.spam_groups; ++k) {
    const std::string name = k < std::size(kGroupNames) ? kGroupNames[k] : fmt::format("{} {}", kGroupNames[k % std::size(kGroupNames)], k / std::size(kGroupNames) + 1);
    const uint32_t g = NewActor(kFacebook, 2, kRSpamGroup, kOpSpam);
    Actor& a = actors_[g];
    a.created = batch_created(static_cast<int>(rng_.Below(static_cast<uint64_t>(batches))));
    a.lang = static_cast<uint8_t>(rng_.Chance(0.5) ? kZh : kEn);
    a.tz = 480;
    a.place = 0xFFFF;
    names_[g] = name;
    SetHandle(g, Slug(name, g).substr(0, std::min<size_t>(25, Slug(name, g).size())));
    spam_groups_.push_back(g);
    std::vector<uint32_t> members;
    const int nm = static_cast<int>(std::min<size_t>(fb.size(), static_cast<size_t>(rng_.Range(20, 80) * std::max<uint32_t>(1, p_.spam / 400))));
    for (int j = 0; j < nm; ++j) {
      const uint32_t m = fb[rng_.Below(fb.size())];
      members.push_back(m);
      rels_.push_back({m, g, static_cast<uint8_t>(j < 2 ? 2 : 1)});
      if (actors_[m].group == kNil) actors_[m].group = g;
    }
    a.followers = static_cast<uint32_t>(members.size() + rng_.Below(30));
    // a few real people join too
    const int real = static_cast<int>(rng_.Range(0, 4));
    for (int j = 0; j < real; ++j) {
      const uint32_t m = RandomPerson(kFacebook);
      if (m != kNil) rels_.push_back({m, g, 1});
    }
    spam_group_members_.push_back(std::move(members));
  }

  // --- engagement farm -----------------------------------------------------
  const uint32_t farm_devs = std::max<uint32_t>(6, p_.farm / 8), farm_ips = std::max<uint32_t>(4, p_.farm / 25);
  for (uint32_t k = 0; k < p_.farm; ++k) {
    const double u = rng_.Uniform();
    const uint8_t plat = u < 0.5 ? kInstagram : u < 0.75 ? kFacebook : u < 0.9 ? kX : kTiktok;
    const uint32_t i = NewActor(plat, 0, kRFarm, kOpFarm);
    Actor& a = actors_[i];
    const int cluster = static_cast<int>(rng_.Below(8));
    a.created = origin_ - (400 - cluster * 45) * kDay + static_cast<Time>(rng_.Below(6 * kDay));
    a.created = std::max<Time>(a.created, DaysFromCivil(Plats()[plat].launch_year, 7, 1) * kDay);
    const int lang = rng_.Chance(0.5) ? kEn : (rng_.Chance(0.5) ? kPt : kEs);
    a.lang = static_cast<uint8_t>(lang);
    a.show_lang = rng_.Chance(0.6);
    PersonName n = MakePersonName(rng_, lang);
    names_[i] = n.display;
    SetHandle(i, rng_.Chance(0.6) ? FakeHandle(rng_, n) : OrdinaryHandle(rng_, n));
    a.place = rng_.Chance(0.5) ? 0xFFFF : static_cast<uint16_t>(rng_.Below(places.size()));
    a.tz = a.place == 0xFFFF ? 0 : static_cast<int16_t>(places[a.place].tz_minutes);
    a.followers = static_cast<uint32_t>(rng_.Range(15, 400));
    a.following = static_cast<uint32_t>(rng_.Range(400, 4000));
    const double av = rng_.Uniform();
    a.avatar = av < 0.3 ? 200 + static_cast<uint32_t>(rng_.Below(20)) : av < 0.45 ? 0 : 1000 + i;
    a.has_infra = rng_.Chance(Plats()[plat].infra);
    a.device = 4 * span_ + static_cast<uint32_t>(rng_.Below(farm_devs));
    a.ip = 4 * span_ + static_cast<uint32_t>(rng_.Below(farm_ips));
    a.mail = 0;
    a.phone = static_cast<uint8_t>(rng_.Chance(0.5) ? 3 : 9);
    a.rate = 0.03f;
    farm_.push_back(i);
    farm_by_plat_[plat].push_back(i);
  }

  // --- persona -------------------------------------------------------------
  static const uint8_t kPersonaPlats[] = {kX, kFacebook, kMedium, kReddit, kX, kFacebook, kReddit, kX, kMedium, kX, kFacebook, kReddit, kX, kFacebook, kX};
  for (int k = 0; k < p_.personas; ++k) {
    const uint8_t plat = kPersonaPlats[k % std::size(kPersonaPlats)];
    const uint32_t i = NewActor(plat, 0, kRPersona, kOpPersona);
    const int place = k % 3 == 0 ? 58 + static_cast<int>(rng_.Below(5)) : static_cast<int>(rng_.Below(24));
    MakePerson(i, kEn, place);
    Actor& a = actors_[i];
    // Its operators keep their own clock: the persona claims a home in
    // Australia, the Americas or Europe, but its days follow UTC+8.
    a.tz = 480;
    a.created = DaysFromCivil(2014 + static_cast<int>(rng_.Below(7)), 1 + static_cast<unsigned>(rng_.Below(12)), 1 + static_cast<unsigned>(rng_.Below(28))) * kDay + static_cast<Time>(rng_.Below(kDay));
    a.created = std::max<Time>(a.created, DaysFromCivil(Plats()[plat].launch_year, 7, 1) * kDay);
    a.followers = static_cast<uint32_t>(rng_.Range(450, 6500));
    a.following = static_cast<uint32_t>(rng_.Range(200, 900));
    a.rate = 0.45f;
    a.avatar = 1000 + i;
    a.show_lang = true;
    a.omit = false;
    personas_.push_back(i);
  }
  if (personas_.size() >= 4) actors_[personas_[3]].device = actors_[personas_[0]].device;  // one slip
}

void World::BuildGraph() {
  // Follow targets per platform, weighted by audience.
  std::array<std::vector<uint32_t>, kPlatCount> cand;
  std::array<std::vector<double>, kPlatCount> weight;
  for (uint32_t i = 0; i < actors_.size(); ++i) {
    const Actor& a = actors_[i];
    if (a.op == kOpSpam || a.op == kOpFarm) continue;
    if (a.type == 2) continue;  // groups are joined, not followed
    double w = std::pow(static_cast<double>(a.followers) + 1.0, 0.72);
    if (a.role == kROutlet || a.role == kRNewsroom || a.role == kRCeleb || a.role == kRInfluencer) w *= 0.6;
    cand[a.platform].push_back(i);
    weight[a.platform].push_back(w);
  }
  std::array<AliasTable, kPlatCount> alias;
  for (int p = 0; p < kPlatCount; ++p) alias[p].Build(weight[p]);
  std::vector<uint32_t> chosen;
  auto follow_some = [&](uint32_t u, int k) {
    const uint8_t p = actors_[u].platform;
    if (alias[p].empty()) return;
    chosen.clear();
    for (int j = 0; j < k * 2 && static_cast<int>(chosen.size()) < k; ++j) {
      const uint32_t t = cand[p][alias[p].Sample(rng_)];
      if (t == u || std::find(chosen.begin(), chosen.end(), t) != chosen.end()) continue;
      chosen.push_back(t);
      rels_.push_back({u, t, 0});
    }
  };
  for (uint32_t u : persons_) {
    const int k = static_cast<int>(std::clamp(rng_.LogNormal(std::log(7.0), 0.9), 1.0, 400.0));
    follow_some(u, k);
  }
  for (uint32_t u : customers_) follow_some(u, 20);
  for (uint32_t u : personas_) follow_some(u, 30);
  for (const auto& fans : fans_)
    for (size_t k = 1; k < fans.size(); ++k) rels_.push_back({fans[k], fans[0], 0});
  for (const auto& group : activists_) {
    for (size_t k = 1; k < group.size(); ++k) {
      if (actors_[group[k]].platform == kX) rels_.push_back({group[k], group[0], 0});
      for (int j = 0; j < 3; ++j) {
        const uint32_t o = group[1 + rng_.Below(group.size() - 1)];
        if (o != group[k] && actors_[o].platform == actors_[group[k]].platform) rels_.push_back({group[k], o, 0});
      }
    }
  }
  // Spamouflage accounts follow each other, mostly within their batch.
  for (uint32_t u : spam_) {
    const auto& pool = spam_by_plat_[actors_[u].platform];
    if (pool.size() < 2) continue;
    const int k = static_cast<int>(rng_.Range(2, 14));
    chosen.clear();
    for (int j = 0; j < k * 3 && static_cast<int>(chosen.size()) < k; ++j) {
      const uint32_t t = pool[rng_.Below(pool.size())];
      if (t == u || (actors_[t].batch != actors_[u].batch && rng_.Chance(0.7))) continue;
      if (std::find(chosen.begin(), chosen.end(), t) != chosen.end()) continue;
      chosen.push_back(t);
      rels_.push_back({u, t, 0});
    }
    if (rng_.Chance(0.3)) follow_some(u, static_cast<int>(rng_.Range(1, 4)));
  }
  for (uint32_t u : farm_) {
    for (uint32_t c : customers_)
      if (actors_[c].platform == actors_[u].platform && rng_.Chance(0.7)) rels_.push_back({u, c, 0});
    follow_some(u, static_cast<int>(rng_.Range(5, 25)));
  }
  // Personas follow each other on the same platform now and then.
  for (uint32_t u : personas_)
    for (uint32_t v : personas_)
      if (u != v && actors_[u].platform == actors_[v].platform && rng_.Chance(0.5)) rels_.push_back({u, v, 0});
}

void World::BuildFollowerIndex() {
  fol_off_.assign(actors_.size() + 1, 0);
  for (const Rel& r : rels_)
    if (r.type == 0) ++fol_off_[r.to + 1];
  for (size_t i = 1; i < fol_off_.size(); ++i) fol_off_[i] += fol_off_[i - 1];
  fol_.assign(fol_off_.back(), 0);
  std::vector<uint32_t> pos(fol_off_.begin(), fol_off_.end() - 1);
  for (const Rel& r : rels_)
    if (r.type == 0) fol_[pos[r.to]++] = r.from;
}

void World::AssignActorIds() {
  // Ids grow with creation time on every platform, for everyone alike.
  std::array<std::vector<uint32_t>, kPlatCount> by_plat;
  for (uint32_t i = 0; i < actors_.size(); ++i) by_plat[actors_[i].platform].push_back(i);
  for (int p = 0; p < kPlatCount; ++p) {
    auto& v = by_plat[p];
    std::sort(v.begin(), v.end(), [&](uint32_t a, uint32_t b) {
      return actors_[a].created != actors_[b].created ? actors_[a].created < actors_[b].created : a < b;
    });
    for (uint64_t c = 0; c < v.size(); ++c) actors_[v[c]].num = NumFor(p, actors_[v[c]].created, c);
  }
}

uint64_t World::NumFor(int p, Time created, uint64_t c) const {
  const uint64_t salt = cfg_.seed * 131 + static_cast<uint64_t>(p);
  switch (p) {
    case kX:
    case kTiktok: {
      const Time snow_from = p == kX ? 1288834975 : 1262304000;
      if (created < snow_from + 3 * 365 * kDay && p == kX) return Spaced(10000000, c, 1000, salt);
      const uint64_t ms = static_cast<uint64_t>(created) * 1000 + Hash3(c, salt) % 1000;
      uint64_t num = ((ms - (p == kX ? kTwEpochMs : 1262304000000ULL)) << 22) | (c & 0x3FFFFF);
      if (p == kTiktok) num += 6000000000000000000ULL >> 2;
      return num;
    }
    case kFacebook: return Spaced(1000000, c, 20011, salt);
    case kInstagram: return Spaced(2000000, c, 70001, salt);
    case kReddit: return Spaced(36ULL * 36 * 36 * 36 * 36, c, 997, salt);
    case kTelegram: return Spaced(100000000, c, 9973, salt);
    case kPinterest: return Spaced(100000000000000000ULL, c, 1000003, salt);
    default: return Spaced(100000, c, 997, salt);
  }
}

// Period > 1: the operation was taken down at the end of the previous period
// and comes back with accounts, pages and groups created in the gap (Beijing
// office hours, three batches), reusing its pictures, infrastructure and
// content; a few members survived and return as they were. New ids continue
// each platform's sequence, so they are newer than every existing one.
void World::ReturnAfterTakedown() {
  std::array<uint64_t, kPlatCount> next{};
  for (const Actor& a : actors_) ++next[a.platform];
  const Time gap_start = start_ - static_cast<Time>(cfg_.gap_days) * kDay;
  std::vector<uint32_t> op = spam_;
  op.insert(op.end(), spam_pages_.begin(), spam_pages_.end());
  op.insert(op.end(), spam_groups_.begin(), spam_groups_.end());
  std::vector<std::pair<Time, uint32_t>> renewed;
  for (uint32_t i : op) {
    if (rng_.Chance(cfg_.returning_share)) {
      returning_.push_back(i);
      continue;
    }
    Actor& a = actors_[i];
    const int batch = static_cast<int>(rng_.Below(3));
    const Time day = gap_start + static_cast<Time>(1 + batch * std::max(1, cfg_.gap_days / 4) + rng_.Below(2)) * kDay;
    a.created = std::min(start_ - kDay, day - 8 * kHour + static_cast<Time>(rng_.Uniform(9.2, 17.8) * 3600));
    if (a.avatar >= 1000 && rng_.Chance(0.5)) a.avatar = 50000000 + i;  // a fresh picture; else the old one again
    if (a.ip == span_ + i) a.ip = 30 * span_ + i;
    if (a.device == span_ + i) a.device = 30 * span_ + i;
    a.followers = static_cast<uint32_t>(rng_.Below(4) == 0 ? rng_.Range(0, 3) : std::min(400.0, rng_.Exponential(18)));
    if (a.role == kRSpam) {
      PersonName n = MakePersonName(rng_, rng_.Chance(0.5) ? kEn : kZh);
      names_[i] = n.display;
      SetHandle(i, rng_.Chance(0.85) ? FakeHandle(rng_, n) : OrdinaryHandle(rng_, n));
    } else {
      SetHandle(i, handles_[i]);  // the same page name again; the old handle is taken, so it gets a number
    }
    renewed.emplace_back(a.created, i);
  }
  std::sort(renewed.begin(), renewed.end());
  for (const auto& [created, i] : renewed) {
    Actor& a = actors_[i];
    a.num = NumFor(a.platform, created, next[a.platform]++);
  }
}

// ---------------------------------------------------------------------------
// Activity
void World::EngageOne(uint32_t post, uint32_t author, uint32_t actor, Time t, int depth, bool viral) {
  if (actor == author || t >= end_) return;
  const uint8_t plat = actors_[actor].platform;
  const bool cross = plat != post_plat_[post];
  double u = rng_.Uniform();
  PostType type;
  switch (plat) {
    case kFacebook: type = u < 0.55 ? PostType::kReaction : u < 0.83 ? PostType::kComment : PostType::kShare; break;
    case kInstagram: type = u < 0.72 ? PostType::kReaction : u < 0.97 ? PostType::kComment : PostType::kShare; break;
    case kX: type = u < 0.55 ? PostType::kReaction : u < 0.75 ? PostType::kShare : u < 0.91 ? PostType::kReply : PostType::kQuote; break;
    case kYoutube: type = u < 0.6 ? PostType::kReaction : PostType::kComment; break;
    case kTiktok: type = u < 0.66 ? PostType::kReaction : u < 0.9 ? PostType::kComment : PostType::kShare; break;
    case kReddit: type = u < 0.62 ? PostType::kReaction : PostType::kComment; break;
    case kTelegram: type = u < 0.6 ? PostType::kReaction : u < 0.9 ? PostType::kShare : PostType::kComment; break;
    case kMedium: type = u < 0.75 ? PostType::kReaction : PostType::kComment; break;
    case kPinterest: type = u < 0.5 ? PostType::kReaction : u < 0.9 ? PostType::kShare : PostType::kComment; break;
    default: type = u < 0.6 ? PostType::kReaction : u < 0.9 ? PostType::kComment : PostType::kShare; break;
  }
  if (cross) type = PostType::kShare;  // across platforms only links (shares) make sense
  if (viral && !cross) {
    const double v = rng_.Uniform();
    if (v < 0.42 && plat != kInstagram && plat != kYoutube && plat != kReddit && plat != kMedium) type = PostType::kShare;
    else if (v < 0.8) type = PostType::kReaction;
  }
  // Replies to comments are "reply"; comments on posts on X are replies too.
  if (type == PostType::kComment && (post_type_[post] == static_cast<uint8_t>(PostType::kComment) ||
                                     post_type_[post] == static_cast<uint8_t>(PostType::kReply) || plat == kX)) {
    type = PostType::kReply;
  }
  uint32_t idx;
  switch (type) {
    case PostType::kReaction: idx = Emit(t, actor, type, post, kKNone, 0, kNil, kNil, ReactionFor(plat)); break;
    case PostType::kShare: idx = Emit(t, actor, type, post, kKShareNote); break;
    default: idx = Emit(t, actor, type, post, kKComment); break;
  }
  if (idx == kNil) return;
  if (type == PostType::kShare && viral && actors_[actor].op == kNoOp) viral_sharer_[actor] = 1;
  if ((type == PostType::kComment || type == PostType::kReply || type == PostType::kQuote) && depth < 2) {
    if (rng_.Chance(depth == 0 ? 0.3 : 0.15)) {  // the author answers
      EngageOne(idx, actor, author, AwakeShift(author, t + static_cast<Time>(rng_.LogNormal(std::log(1500), 1.0))), depth + 1);
    }
    if (rng_.Chance(0.08)) {  // someone else chimes in
      const uint32_t o = RandomPerson(plat);
      if (o != kNil) EngageOne(idx, actor, o, AwakeShift(o, t + static_cast<Time>(rng_.LogNormal(std::log(2400), 1.0))), depth + 1);
    }
  }
  if (type == PostType::kShare && rng_.Chance(0.35)) CascadeFollowers(idx, actor, t, 0.5);
}

void World::CascadeFollowers(uint32_t post, uint32_t author, Time t, double mult) {
  const uint32_t b = fol_off_[author], e = fol_off_[author + 1];
  const uint32_t n = e - b;
  if (n == 0) return;
  const double lam = mult * 0.26 * std::pow(static_cast<double>(n), 0.62);
  const uint64_t k = std::min<uint64_t>(rng_.Poisson(lam), n);
  for (uint64_t j = 0; j < k; ++j) {
    const uint32_t f = fol_[b + rng_.Below(n)];
    if (actors_[f].op != kNoOp) continue;
    const Time t2 = AwakeShift(f, t + 30 + static_cast<Time>(rng_.LogNormal(std::log(2400), 1.2)));
    EngageOne(post, author, f, t2, 0);
  }
}

void World::CascadeViral(uint32_t post, uint32_t author, Time t, uint32_t size) {
  ++stamp_id_;
  const uint8_t plat = actors_[author].platform;
  const uint32_t b = fol_off_[author], n = fol_off_[author + 1] - b;
  const auto& pool = persons_by_plat_[plat];
  if (pool.empty()) return;
  size = std::min<uint32_t>(size, static_cast<uint32_t>(pool.size() * 0.6 + n * 0.5));
  for (uint32_t j = 0, tries = 0; j < size && tries < size * 3; ++tries) {
    uint32_t f;
    if (n > 0 && rng_.Chance(0.45)) f = fol_[b + rng_.Below(n)];
    else if (rng_.Chance(0.04)) f = RandomPerson(static_cast<uint8_t>(rng_.Below(kPlatCount)));  // cross-platform link shares
    else f = pool[rng_.Below(pool.size())];
    if (f == kNil || stamp_[f] == stamp_id_ || actors_[f].op != kNoOp) continue;
    stamp_[f] = stamp_id_;
    ++j;
    // Spreads within hours: later waves come from shares of shares.
    const double wave = rng_.Exponential(1.0);
    const Time t2 = AwakeShift(f, t + 60 + static_cast<Time>(rng_.LogNormal(std::log(1800 + 2400 * wave), 0.9)));
    EngageOne(post, author, f, t2, 1, true);
  }
}

void World::DayPersons(Time day_start, int /*d*/) {
  for (uint32_t u : persons_) {
    const Actor& a = actors_[u];
    SampleTimes(day_start, a.rate, a.chrono, a.tz, times_);
    for (Time t : times_) {
      uint32_t in = kNil;
      if (a.platform == kReddit) {
        in = a.group != kNil ? (a.group2 != kNil && rng_.Chance(0.4) ? a.group2 : a.group)
                             : (subs_.empty() ? kNil : subs_[rng_.Zipf(subs_.size(), 1.0)]);
      } else if (a.group != kNil && (a.platform == kFacebook || a.platform == kTelegram) && rng_.Chance(0.22)) {
        in = a.group2 != kNil && rng_.Chance(0.4) ? a.group2 : a.group;
      }
      uint32_t link = kNil;
      if (rng_.Chance(0.08) && !stories_.empty()) link = static_cast<uint32_t>(stories_.size() - 1 - rng_.Below(std::min<size_t>(stories_.size(), 40)));
      const uint32_t idx = Emit(t, u, PostType::kPost, kNil, kKPersonal, link == kNil ? 0 : link + 1, in);
      if (idx == kNil) continue;
      CascadeFollowers(idx, u, t, a.role == kRInfluencer ? 1.5 : 1.0);
      if (in != kNil) {
        const auto& mem = group_members_[group_index_[in]];
        const uint64_t k = rng_.Poisson(0.9);
        for (uint64_t j = 0; j < k && !mem.empty(); ++j) {
          const uint32_t m = mem[rng_.Below(mem.size())];
          EngageOne(idx, u, m, AwakeShift(m, t + static_cast<Time>(rng_.LogNormal(std::log(3000), 1.1))), 0);
        }
      }
    }
  }
}

void World::DayOutlets(Time day_start) {
  for (uint32_t o : outlets_) {
    const Actor& a = actors_[o];
    SampleTimes(day_start, a.rate, 0, a.tz, times_);
    for (Time t : times_) {
      stories_.push_back({t, o, a.lang, a.platform == kYoutube});
      const auto story = static_cast<uint32_t>(stories_.size() - 1);
      const uint32_t idx = Emit(t, o, PostType::kPost, kNil, a.platform == kYoutube ? kKOutletVideo : kKHeadline, story);
      if (idx == kNil) continue;
      NoteRecent(recent_news_[a.platform], t, idx);
      CascadeFollowers(idx, o, t, 0.3);
      if (rng_.Chance(p_.viral_p)) {
        const auto size = static_cast<uint32_t>(std::min(200000.0, rng_.Pareto(p_.viral_xm, 1.15)));
        CascadeViral(idx, o, t, size);
      }
    }
  }
}

void World::DayNewsroom(Time day_start) {
  const Actor& lead = actors_[newsroom_[0]];
  SampleTimes(day_start, 6.0, 0, lead.tz, times_);
  const std::vector<Time> times = times_;
  for (Time t : times) {
    const bool video = rng_.Chance(0.3);
    stories_.push_back({t, newsroom_[0], kEn, video});
    const auto story = static_cast<uint32_t>(stories_.size() - 1);
    std::vector<uint32_t> order = newsroom_;
    rng_.Shuffle(order);
    Time ti = t;
    for (uint32_t acc : order) {
      if (actors_[acc].platform == kYoutube && !video) continue;
      const uint32_t idx = Emit(ti, acc, PostType::kPost, kNil, actors_[acc].platform == kYoutube ? kKOutletVideo : kKHeadline, story);
      if (idx != kNil) {
        NoteRecent(recent_news_[actors_[acc].platform], ti, idx);
        CascadeFollowers(idx, acc, ti, 0.3);
        if (rng_.Chance(p_.viral_p * 0.5)) CascadeViral(idx, acc, ti, static_cast<uint32_t>(rng_.Pareto(p_.viral_xm, 1.3)));
      }
      ti += static_cast<Time>(rng_.Range(20, 300));
    }
  }
}

void World::DayCelebs(Time day_start) {
  for (size_t c = 0; c < celebs_.size(); ++c) {
    const uint32_t ci = celebs_[c];
    const Actor& a = actors_[ci];
    SampleTimes(day_start, 1.1, a.chrono, a.tz, times_);
    const std::vector<Time> times = times_;
    for (Time t : times) {
      const uint32_t idx = Emit(t, ci, PostType::kPost, kNil, kKCeleb, static_cast<uint32_t>(c));
      if (idx == kNil) continue;
      NoteRecent(recent_news_[a.platform], t, idx);
      CascadeFollowers(idx, ci, t, 0.4);
      const auto& fans = fans_[c];
      for (size_t k = 1; k < fans.size(); ++k) {
        if (!rng_.Chance(0.38)) continue;
        const uint32_t f = fans[k];
        Time t2 = t + 20 + static_cast<Time>(rng_.LogNormal(std::log(200), 0.8));
        const Time shifted = AwakeShift(f, t2);
        if (shifted != t2) {
          if (rng_.Chance(0.6)) continue;
          t2 = shifted;
        }
        const double u = rng_.Uniform();
        if (u < 0.58) Emit(t2, f, PostType::kReaction, idx, kKNone, 0, kNil, kNil, 1);
        else if (u < 0.95) Emit(t2, f, a.platform == kX ? PostType::kReply : PostType::kComment, idx, kKFan);
        else Emit(t2, f, PostType::kShare, idx, kKNone);
      }
    }
  }
}

void World::DayActivists(Time day_start, int d) {
  for (size_t c = 0; c < activists_.size(); ++c) {
    bool campaign_day = false;
    for (int k = 0; k < 4; ++k)
      if (d == campaign_days_[static_cast<size_t>(k)] + static_cast<int>(c) * 2) campaign_day = true;
    if (!campaign_day) continue;
    const Time agreed = day_start + (16 + static_cast<Time>(c % 3)) * kHour;
    const auto& group = activists_[c];
    const uint32_t org_post = Emit(agreed - 120, group[0], PostType::kPost, kNil, kKSlogan, static_cast<uint32_t>(c));
    for (size_t k = 1; k < group.size(); ++k) {
      if (!rng_.Chance(0.8)) continue;
      const uint32_t u = group[k];
      const Time t = agreed + static_cast<Time>(std::clamp(rng_.Normal(0, 300), -900.0, 1500.0));
      const bool slogan = rng_.Chance(0.4);
      const uint32_t idx = Emit(t, u, PostType::kPost, kNil, slogan ? kKSlogan : kKActivist, static_cast<uint32_t>(c));
      if (idx != kNil) CascadeFollowers(idx, u, t, 1.0);
      if (org_post != kNil && actors_[u].platform == kX && rng_.Chance(0.35)) {
        Emit(t + static_cast<Time>(rng_.Range(60, 3600)), u, PostType::kShare, org_post, kKNone);
      }
    }
  }
}

void World::DayPagesGroups(Time day_start) {
  for (uint32_t g : biz_pages_) {
    const Actor& a = actors_[g];
    SampleTimes(day_start, a.rate, 1, a.tz, times_);
    for (Time t : times_) {
      const uint32_t idx = Emit(t, g, PostType::kPost, kNil, kKBizPage);
      if (idx != kNil) CascadeFollowers(idx, g, t, 1.0);
    }
  }
}

void World::DayFarm(Time day_start) {
  for (uint32_t c : customers_) {
    const Actor& a = actors_[c];
    SampleTimes(day_start, a.rate, a.chrono, a.tz, times_);
    const std::vector<Time> times = times_;
    for (Time t : times) {
      const uint32_t idx = Emit(t, c, PostType::kPost, kNil, kKCustomer);
      if (idx == kNil) continue;
      CascadeFollowers(idx, c, t, 1.0);
      // The paid burst: round the clock, within minutes.
      for (uint32_t f : farm_by_plat_[a.platform]) {
        if (!rng_.Chance(0.22)) continue;
        const Time t2 = t + 15 + static_cast<Time>(rng_.Exponential(420));
        const double u = rng_.Uniform();
        if (u < 0.62) Emit(t2, f, PostType::kReaction, idx, kKNone, 0, kNil, kNil, a.platform == kFacebook && rng_.Chance(0.3) ? 2 : 1);
        else if (u < 0.88) Emit(t2, f, a.platform == kX ? PostType::kReply : PostType::kComment, idx, kKFarm);
        else Emit(t2, f, PostType::kShare, idx, kKNone);
      }
    }
  }
  for (uint32_t f : farm_) {
    const Actor& a = actors_[f];
    // cover traffic: random likes on popular posts at any hour
    const uint64_t k = rng_.Poisson(0.2);
    for (uint64_t j = 0; j < k; ++j) {
      const Time t = day_start + static_cast<Time>(rng_.Below(kDay));
      const uint32_t target = PickRecent(recent_news_[a.platform], t, 30);
      if (target != kNil) Emit(t, f, PostType::kReaction, target, kKNone, 0, kNil, kNil, 1);
    }
    if (rng_.Chance(a.rate)) {  // an occasional picture of their own
      const Time t = day_start + static_cast<Time>(rng_.Below(kDay));
      const uint32_t idx = Emit(t, f, PostType::kPost, kNil, kKPersonal);
      if (idx == kNil) continue;
      const auto& pool = farm_by_plat_[a.platform];
      const uint64_t n = rng_.Poisson(4);
      for (uint64_t j = 0; j < n && pool.size() > 1; ++j) {
        const uint32_t o = pool[rng_.Below(pool.size())];
        if (o != f) Emit(t + 10 + static_cast<Time>(rng_.Exponential(600)), o, PostType::kReaction, idx, kKNone, 0, kNil, kNil, 1);
      }
      if (rng_.Chance(0.5)) {
        const uint32_t o = RandomPerson(a.platform);
        if (o != kNil) EngageOne(idx, f, o, AwakeShift(o, t + static_cast<Time>(rng_.Exponential(7200))), 1);
      }
    }
  }
}

void World::SpamAmplify(uint32_t post, uint32_t author, Time t) {
  const uint8_t plat = post_plat_[post];
  const auto& pool = spam_by_plat_[plat];
  const double amp = plat == kFacebook ? 2.3 : 1.9;
  const uint64_t k = pool.size() > 1 ? rng_.Poisson(amp) : 0;
  for (uint64_t j = 0; j < k; ++j) {
    const uint32_t e = pool[rng_.Below(pool.size())];
    if (e == author || actors_[e].sleeper) continue;
    const Time t2 = OfficeShift(t + 30 + static_cast<Time>(rng_.LogNormal(std::log(1500), 1.0)));
    const double u = rng_.Uniform();
    uint32_t idx;
    if (u < 0.45 && plat != kMedium) {
      idx = Emit(t2, e, PostType::kReaction, post, kKNone, 0, kNil, kNil, ReactionFor(plat));
    } else if (u < 0.75 || plat == kYoutube || plat == kMedium || plat == kReddit) {
      idx = Emit(t2, e, plat == kX ? PostType::kReply : PostType::kComment, post, kKOpComment);
      if (idx != kNil && rng_.Chance(0.12)) {
        const uint32_t r = pool[rng_.Below(pool.size())];
        if (r != e && !actors_[r].sleeper) Emit(OfficeShift(t2 + static_cast<Time>(rng_.Exponential(1800))), r, PostType::kReply, idx, kKOpComment);
      }
    } else {
      Emit(t2, e, PostType::kShare, post, rng_.Chance(0.5) ? kKOpText : kKNone, static_cast<uint32_t>(rng_.Below(static_cast<uint64_t>(OpTemplateCount()))));
    }
  }
  // A little authentic engagement, much of it unfriendly.
  const uint64_t a = rng_.Poisson(0.12);
  for (uint64_t j = 0; j < a; ++j) {
    const uint32_t o = RandomPerson(plat);
    if (o == kNil) continue;
    const Time t2 = AwakeShift(o, t + static_cast<Time>(rng_.LogNormal(std::log(5000), 1.2)));
    if (rng_.Chance(0.55)) Emit(t2, o, PostType::kReaction, post, kKNone, 0, kNil, kNil, ReactionFor(plat, rng_.Chance(0.6)));
    else Emit(t2, o, plat == kX ? PostType::kReply : PostType::kComment, post, kKComment);
  }
}

void World::DaySpam(Time day_start) {
  const int ntmpl = OpTemplateCount();
  for (uint32_t s : spam_) {
    const Actor& a = actors_[s];
    SampleOfficeTimes(day_start, a.rate, times_);
    for (Time t : times_) {
      const uint8_t plat = a.platform;
      const auto tmpl = static_cast<uint32_t>(rng_.Zipf(static_cast<uint64_t>(ntmpl), 0.7));
      uint32_t idx = kNil;
      if (plat == kYoutube) {
        idx = Emit(t, s, PostType::kPost, kNil, kKOpVideo);
        if (idx != kNil) op_videos_.emplace_back(t, idx);
      } else if (plat == kMedium) {
        idx = Emit(t, s, PostType::kPost, kNil, kKOpArticle, tmpl);
        if (idx != kNil) op_articles_.emplace_back(t, idx);
      } else if ((plat == kX || plat == kFacebook) && rng_.Chance(0.14) && !op_videos_.empty()) {
        // cross-platform share of one of the op's own videos
        const uint32_t v = PickRecent(op_videos_, t, 80);
        if (v != kNil) {
          Emit(t, s, PostType::kShare, v, rng_.Chance(0.6) ? kKOpText : kKNone, tmpl);
          continue;
        }
      } else {
        uint32_t in = kNil;
        if (plat == kFacebook && a.group != kNil && rng_.Chance(0.4)) in = a.group;
        if (plat == kReddit && !subs_.empty()) in = subs_[rng_.Below(std::min<size_t>(subs_.size(), 20))];
        uint32_t link = kNil;
        if (rng_.Chance(0.42)) {
          link = rng_.Chance(0.75) ? PickRecent(op_videos_, t, 80) : PickRecent(op_articles_, t, 40);
        }
        idx = Emit(t, s, PostType::kPost, kNil, kKOpText, tmpl, in, link);
      }
      if (idx == kNil) continue;
      if (plat == kX || plat == kFacebook || plat == kYoutube) NoteRecent(recent_op_[plat], t, idx);
      SpamAmplify(idx, s, t);
    }
    // Spam replies under news posts.
    if ((a.platform == kX || a.platform == kFacebook || a.platform == kYoutube) && !a.sleeper && rng_.Chance(0.04)) {
      SampleOfficeTimes(day_start, 1.0, times_);
      if (!times_.empty()) {
        const uint32_t target = PickRecent(recent_news_[a.platform], times_[0], 50);
        if (target != kNil) Emit(times_[0], s, a.platform == kX ? PostType::kReply : PostType::kComment, target, kKOpText,
                                 static_cast<uint32_t>(rng_.Below(static_cast<uint64_t>(ntmpl))));
      }
    }
  }
  for (uint32_t pg : spam_pages_) {
    const Actor& a = actors_[pg];
    SampleOfficeTimes(day_start, a.rate, times_);
    for (Time t : times_) {
      uint32_t link = rng_.Chance(0.5) ? PickRecent(op_videos_, t, 80) : kNil;
      const uint32_t idx = Emit(t, pg, PostType::kPost, kNil, kKOpText,
                                static_cast<uint32_t>(rng_.Zipf(static_cast<uint64_t>(ntmpl), 0.7)), kNil, link);
      if (idx == kNil) continue;
      NoteRecent(recent_op_[kFacebook], t, idx);
      SpamAmplify(idx, pg, t);
    }
  }
}

void World::DayPersona(Time day_start, int d) {
  for (uint32_t u : personas_) {
    const Actor& a = actors_[u];
    SampleTimes(day_start, a.rate, a.chrono, a.tz, times_);
    for (Time t : times_) {
      uint32_t in = a.platform == kReddit && !subs_.empty() ? subs_[rng_.Below(subs_.size())] : kNil;
      const bool medium = a.platform == kMedium;
      const uint32_t idx = Emit(t, u, PostType::kPost, kNil, medium ? kKPersonaArticle : kKPersonal, medium ? static_cast<uint32_t>(d / 4) : 0, in);
      if (idx != kNil) CascadeFollowers(idx, u, t, 1.2);
    }
  }
  if (d % 4 != 1) return;
  const int wave = d / 4;
  const Time wave_t = day_start + static_cast<Time>(rng_.Uniform(10, 20) * 3600);
  uint32_t article = kNil;
  for (uint32_t u : personas_) {
    if (actors_[u].platform != kMedium || article != kNil) continue;
    article = Emit(AwakeShift(u, wave_t), u, PostType::kPost, kNil, kKPersonaArticle, static_cast<uint32_t>(wave));
  }
  std::vector<std::pair<uint32_t, Time>> posted;
  for (uint32_t u : personas_) {
    if (actors_[u].platform == kMedium || !rng_.Chance(0.72)) continue;
    const Time t = AwakeShift(u, wave_t + static_cast<Time>(rng_.Uniform(1.0, 12.0) * 3600));
    uint32_t in = actors_[u].platform == kReddit && !subs_.empty() ? subs_[rng_.Below(std::min<size_t>(subs_.size(), 15))] : kNil;
    const bool use_article = article != kNil && rng_.Chance(0.5);
    const uint32_t idx = Emit(t, u, PostType::kPost, kNil, kKPersona, static_cast<uint32_t>(wave), in, use_article ? article : kNil);
    if (idx == kNil) continue;
    CascadeFollowers(idx, u, t, 1.2);
    posted.emplace_back(idx, t);
  }
  for (const auto& [post, t] : posted) {
    for (uint32_t u : personas_) {
      if (u == post_author_[post] || actors_[u].platform != post_plat_[post] || !rng_.Chance(0.18)) continue;
      EngageOne(post, post_author_[post], u, AwakeShift(u, t + static_cast<Time>(rng_.Uniform(1, 8) * 3600)), 1);
    }
  }
}

void World::DayInfluencers(Time day_start, int d) {
  for (const auto& [day, inf] : influencer_days_) {
    if (day != d) continue;
    const Actor& a = actors_[inf];
    SampleTimes(day_start, 3.0, a.chrono, a.tz, times_);
    if (times_.empty()) times_.push_back(day_start + 15 * kHour);
    const Time t = times_[0];
    const uint32_t target = PickRecent(recent_op_[a.platform], t, 60);
    if (target == kNil) continue;
    const PostType type = a.platform == kX ? PostType::kQuote : PostType::kShare;
    const uint32_t idx = Emit(t, inf, type, target, kKAmplify);
    if (idx != kNil) CascadeFollowers(idx, inf, t, 1.0);
  }
}

void World::GenerateDay(int d) {
  const Time day_start = start_ + static_cast<Time>(d) * kDay;
  DayOutlets(day_start);
  DayNewsroom(day_start);
  DaySpam(day_start);
  DayPersons(day_start, d);
  DayCelebs(day_start);
  DayActivists(day_start, d);
  DayPagesGroups(day_start);
  DayFarm(day_start);
  DayPersona(day_start, d);
  DayInfluencers(day_start, d);
}

// ---------------------------------------------------------------------------
// Output
void World::AppendTime(Obj& o, std::string_view key, Time t, uint64_t h, uint8_t plat) {
  const PlatDef& pd = Plats()[plat];
  const uint64_t r = h % 100;
  int style = pd.time_style;
  int off = pd.offset_min;
  if (r < 12) style = 1;
  else if (r < 24) {
    style = 2;
    off = 480;
  }
  if (style == 1) {
    o.Int(key, t);
    return;
  }
  if (style == 0 || off == 0) {
    o.Str(key, FormatIso(t));
    return;
  }
  std::string s = FormatIso(t + off * kMin);
  s.pop_back();  // 'Z'
  const int a = std::abs(off);
  fmt::format_to(std::back_inserter(s), "{}{:02}:{:02}", off < 0 ? '-' : '+', a / 60, a % 60);
  o.Str(key, s);
}

std::string World::PostIdString(uint32_t post) const {
  const uint64_t n = post_num_[post];
  const auto type = static_cast<PostType>(post_type_[post]);
  switch (post_plat_[post]) {
    case kFacebook: return fmt::format("{}", n);
    case kInstagram: return type == PostType::kPost ? Base64Id(Mix64(n), 11) : fmt::format("{}", 17000000000000000ULL + n);
    case kX:
    case kTiktok: return fmt::format("{}", n);
    case kYoutube: return type == PostType::kPost ? Base64Id(Mix64(n ^ 0x9e3779b9ULL), 11) : "Ug" + Base64Id(Mix64(n), 11) + Base64Id(Mix64(n + 1), 11);
    case kReddit:
      if (type == PostType::kPost || type == PostType::kShare) return "t3_" + Base36(n);
      if (type == PostType::kReaction) return "vote_" + Base36(n);
      return "t1_" + Base36(n);
    case kMedium: return Hex(Mix48(n + 1), 12);
    default: return fmt::format("{}", n);
  }
}

std::string World::StoryUrl(uint32_t story) const {
  const Story& s = stories_[story];
  const auto it = domains_.find(s.outlet);
  const std::string domain = it == domains_.end() ? "example-news.com" : it->second;
  const CivilDate cd = CivilFromDays(FloorDiv(s.t, kDay));
  static const char* const kSections[] = {"news", "world", "politics", "business", "local", "science", "health"};
  return fmt::format("https://www.{}/{}/{}/{:02}/{:02}/{}", domain, kSections[Hash3(story) % 7], cd.year, cd.month, cd.day,
                     Slug(Headline(story * 7919 + 13, s.lang), story));
}

std::string World::UrlFor(uint32_t post, uint64_t h) {
  const std::string id = PostIdString(post);
  if (post_plat_[post] == kYoutube) {
    switch (h % 7) {
      case 0: return "https://www.youtube.com/watch?v=" + id;
      case 1: return "https://youtube.com/watch?v=" + id + "&utm_source=facebook";
      case 2: return "http://m.youtube.com/watch?v=" + id;
      case 3: return "https://youtu.be/" + id;
      case 4: return "https://www.youtube.com/watch?v=" + id + "&feature=share";
      case 5: return "https://m.youtube.com/watch?v=" + id + "&utm_source=twitter&utm_medium=social";
      default: return "https://youtu.be/" + id + "?si=" + Base64Id(h, 8);
    }
  }
  const uint32_t author = post_author_[post];
  const std::string base = fmt::format("medium.com/@{}/{}-{}", handles_[author], "story", id);
  switch (h % 5) {
    case 0: return "https://" + base;
    case 1: return "https://" + base + "?utm_source=twitter&utm_campaign=share";
    case 2: return "http://" + base;
    case 3: return "https://" + base + "?fbclid=IwAR" + Base64Id(h, 10);
    default: return "https://" + base + "/";
  }
}

void World::RenderActor(uint32_t i, std::string& out) {
  const Actor& a = actors_[i];
  Rng r(Hash3(cfg_.seed, i, 0xac7));
  Obj o(out);
  o.Str("kind", "actor").Str("platform", Plats()[a.platform].name).Str("id", FormatActorId(a));
  if (a.type != 0 || r.Chance(0.5)) o.Str("type", Name(static_cast<ActorType>(a.type)));
  o.Str("handle", handles_[i]).Str("name", names_[i]);
  const std::string city = a.place == 0xFFFF ? "" : Places()[a.place].city;
  std::string bio;
  switch (a.role) {
    case kROutlet:
    case kRNewsroom: bio = "News, analysis and breaking stories. Tips: tips@" + domains_[i]; break;
    case kRCeleb: bio = "Official account. New album out now 🎶 Tour dates below"; break;
    case kRInfluencer: bio = "Host of the show. Asking the questions they won't. Business inquiries in bio link."; break;
    case kRSpam: bio = OpBio(r, a.lang); break;
    case kRSpamPage: bio = r.Chance(0.5) ? "Sharing the beauty and truth of China 🇨🇳" : "讲好中国故事"; break;
    case kRSpamGroup: bio = "A place for friends who love peace and truth."; break;
    case kRFarm: bio = r.Chance(0.6) ? "" : Bio(r, a.lang, city); break;
    case kRPersona: {
      static const char* const kPB[] = {
          "Former schoolteacher. Writing about the Pacific, fisheries and the people the headlines forget.",
          "Marine biologist turned freelance writer. Islands, oceans, sovereignty. Views my own.",
          "Dad, sailor, amateur historian of the South Pacific. Brisbane ↔ Suva.",
          "Development economist. 15 years in the region. I read the contracts so you don't have to.",
          "Journalism grad, podcast host. Pacific affairs & climate. DMs open.",
          "Retired navy. Now I garden and read too much geopolitics.",
          "Nurse in Auckland. Proud Fijian-Kiwi. Family, rugby, and the islands."};
      bio = kPB[i % std::size(kPB)];
      break;
    }
    case kRGroup:
    case kRSub: bio = "Be kind. No spam, no self-promotion. Read the rules before posting."; break;
    case kRCustomer:
    case kRBizPage: bio = a.type == 1 || r.Chance(0.5) ? "Small local business ✨ DM for orders & bookings" : Bio(r, a.lang, city); break;
    default: bio = Bio(r, a.lang, city); break;
  }
  if (!bio.empty()) o.Str("bio", bio);
  if (!city.empty() && a.platform != kReddit) o.Str("location", city);
  if (a.show_lang) o.Str("lang", LangCode(a.lang));
  AppendTime(o, "created", a.created, Hash3(i, 0xc4), a.platform);
  if (a.platform != kReddit || a.type == 2) o.Int("followers", a.followers);
  if (a.type == 0 && a.platform != kReddit) o.Int("following", a.following);
  if (a.verified || r.Chance(0.3)) o.Bool("verified", a.verified);
  if (a.avatar != 0) o.Str("avatar", Hex(Hash3(a.avatar, 0xa7a7, a.avatar < 1000 ? 0 : cfg_.seed), 16));
  else if (a.platform == kX) o.Str("avatar", "0000000000000000");  // X's default egg
  if (a.has_infra) {
    std::vector<std::string> infra;
    infra.push_back("ip:" + Hex(Hash3(a.ip, 0x1b, cfg_.seed), 12));
    if (a.ip2) infra.push_back("ip:" + Hex(Hash3(a.ip2, 0x1b, cfg_.seed), 12));
    if (r.Chance(0.8)) infra.push_back("dev:" + Hex(Hash3(a.device, 0xde, cfg_.seed), 12));
    infra.push_back(std::string("mail:") + kMails[a.mail % std::size(kMails)]);
    if (r.Chance(0.5)) {
      const char* phone = a.op == kOpSpam || a.op == kOpFarm ? kPhones[a.phone % std::size(kPhones)] : nullptr;
      if (!phone) {
        const Place& pl = Places()[a.place == 0xFFFF ? 0 : a.place];
        switch (pl.lang) {
          case kZh: phone = "+852"; break;
          case kJa: phone = "+81"; break;
          case kKo: phone = "+82"; break;
          case kDe: phone = "+49"; break;
          case kFr: phone = "+33"; break;
          case kEs: phone = pl.region == 0 ? "+52" : "+34"; break;
          case kPt: phone = "+55"; break;
          case kRu: phone = "+7"; break;
          default: phone = pl.region == 1 ? "+44" : pl.region == 3 ? "+61" : pl.region == 2 ? "+91" : "+1";
        }
      }
      infra.push_back(std::string("phone:") + phone);
    }
    o.StrArray("infra", infra);
  }
  o.End();
}

void World::RenderRelation(const Rel& rel, std::string& out) {
  const Actor& a = actors_[rel.from];
  const Actor& b = actors_[rel.to];
  static const char* const kTypes[] = {"follows", "member", "admin"};
  Obj o(out);
  o.Str("kind", "relation").Str("platform", Plats()[a.platform].name).Str("from", FormatActorId(a)).Str("to", FormatActorId(b)).Str("type", kTypes[rel.type]);
  const uint64_t h = Hash3(rel.from, rel.to, cfg_.seed);
  if (h % 10 < 7) {
    const Time lo = std::max(a.created, b.created);
    const Time hi = std::max(lo + 1, start_);
    AppendTime(o, "time", lo + static_cast<Time>((h >> 8) % static_cast<uint64_t>(hi - lo)), h >> 3, a.platform);
  }
  o.End();
}

void World::RenderPost(const Event& e, std::string& out) {
  const Actor& a = actors_[e.actor];
  const uint8_t plat = a.platform;
  const uint64_t h = Hash3(cfg_.seed, e.post, 0x9057);
  Rng r(h);
  TextOut& tx = text_;
  tx.Clear();
  tx.lang = a.lang;
  const auto type = static_cast<PostType>(e.type);
  bool has_text = true;
  switch (e.kind) {
    case kKNone: has_text = false; break;
    case kKPersonal:
      if (a.role == kRFarm) {
        FarmComment(r, tx);
        tx.text = "new day new vibes " + tx.text;
      } else {
        PersonalPost(r, a.lang, tx);
      }
      if (e.content > 0) tx.AddUrl(StoryUrl(e.content - 1));
      if (r.Chance(0.06) && fol_off_[e.actor + 1] > fol_off_[e.actor]) {
        const uint32_t f = fol_[fol_off_[e.actor] + r.Below(fol_off_[e.actor + 1] - fol_off_[e.actor])];
        if (actors_[f].platform == plat) tx.AddMention(handles_[f]);
      }
      break;
    case kKComment: Comment(r, a.lang, tx); break;
    case kKShort: ShortReaction(r, a.lang, tx); break;
    case kKShareNote:
      if (r.Chance(0.6)) has_text = false;
      else ShortReaction(r, a.lang, tx);
      break;
    case kKHeadline:
    case kKOutletVideo: {
      const Story& s = stories_[e.content];
      tx.lang = s.lang;
      tx.text = Headline(e.content * 7919 + 13, s.lang);
      if (plat == kInstagram) tx.text += " — link in bio";
      else if (e.kind != kKOutletVideo) tx.AddUrl(StoryUrl(e.content));
      if (r.Chance(0.2)) tx.AddHashtag(r.Chance(0.5) ? "breaking" : "news");
      break;
    }
    case kKFan: FanComment(r, a.lang, tx); break;
    case kKCeleb: {
      static const char* const kCeleb[] = {"Rehearsals done. See you tonight!! ✨", "New single out Friday 🎶", "thank you for everything, I love you all ❤️",
                                           "Backstage vibes 📸", "Who's coming to the show?", "Studio day. Something special coming…",
                                           "Miss you guys! Q&A later?", "Tour announcement tomorrow 👀"};
      tx.text = kCeleb[r.Below(std::size(kCeleb))];
      if (r.Chance(0.5)) tx.text += fmt::format(" ({})", r.Range(1, 99));
      break;
    }
    case kKActivist: {
      const Place& pl = Places()[a.place == 0xFFFF ? 0 : a.place];
      std::string city = pl.city;
      ActivistText(r, a.lang, static_cast<int>(e.content), false, city.substr(0, city.find(',')), tx);
      break;
    }
    case kKSlogan: ActivistText(r, a.lang, static_cast<int>(e.content), true, "", tx); break;
    case kKOpText: {
      OpText(r, static_cast<int>(e.content), tx, cfg_.distinct_op_copies ? &op_copies_ : nullptr);
      if (e.link != kNil) tx.AddUrl(UrlFor(e.link, r.Next()));
      break;
    }
    case kKOpComment: OpComment(r, r.Chance(0.6) ? kZh : kEn, tx); break;
    case kKOpVideo: tx.text = OpVideoTitle(r, cfg_.distinct_op_copies ? &op_copies_ : nullptr); tx.lang = tx.text[0] & 0x80 ? kZh : kEn; break;
    case kKOpArticle: {
      OpText(r, static_cast<int>(e.content), tx, cfg_.distinct_op_copies ? &op_copies_ : nullptr);
      break;
    }
    case kKPersona: {
      PersonaText(r, static_cast<int>(e.content), tx);
      if (e.link != kNil) {
        const std::string id = PostIdString(e.link);
        tx.AddUrl(fmt::format("https://medium.com/@{}/{}-{}{}", handles_[post_author_[e.link]],
                              Slug(PersonaArticleTitle(static_cast<int>(e.content)), 0).substr(0, 40), id,
                              r.Chance(0.4) ? "?source=social.tw" : ""));
      } else {
        tx.AddUrl(fmt::format("https://www.pacificvoices.org/{}/{}", 2023, Slug(PersonaArticleTitle(static_cast<int>(e.content)), e.content * 31 + 7)));
      }
      break;
    }
    case kKPersonaArticle: {
      tx.text = PersonaArticleTitle(static_cast<int>(e.content));
      tx.text += ". ";
      TextOut more;
      PersonaText(r, static_cast<int>(e.content), more);
      tx.text += more.text;
      tx.hashtags = more.hashtags;
      break;
    }
    case kKCustomer: {
      static const char* const kCust[] = {"New arrivals just dropped! Come by this weekend ✨", "Our summer special is back 🌞",
                                          "Thank you for 10k followers!! 🎉", "Behind the scenes today 📸", "Booking now open for next month",
                                          "Giveaway time! Like & share to enter 🎁", "Fresh batch out of the oven", "Check out our new look"};
      tx.text = kCust[r.Below(std::size(kCust))];
      if (r.Chance(0.5)) tx.text += " 💕";
      if (r.Chance(0.5)) tx.text += fmt::format(" Code {}{} for {}% off.", r.Chance(0.5) ? "SPRING" : "HELLO", r.Range(5, 30), r.Range(1, 4) * 5);
      if (r.Chance(0.5)) tx.AddHashtag(r.Chance(0.5) ? "smallbusiness" : "shoplocal");
      break;
    }
    case kKBizPage: {
      static const char* const kBiz[] = {"Open late this Friday!", "Meet our new team member", "Happy Monday from all of us",
                                         "Closed for the holiday tomorrow", "Customer photo of the week", "Now hiring, DM us"};
      static const char* const kWhen[] = {"", " See you soon!", " Thanks everyone!", " 🙌", " ☕", " Call us for details.", " Link in the comments."};
      tx.text = kBiz[r.Below(std::size(kBiz))];
      tx.text += kWhen[r.Below(std::size(kWhen))];
      if (r.Chance(0.5)) tx.text += fmt::format(" ({}/{})", CivilFromDays(FloorDiv(e.t, kDay)).month, CivilFromDays(FloorDiv(e.t, kDay)).day);
      break;
    }
    case kKAmplify: {
      static const char* const kAmp[] = {"Interesting. Not what the mainstream media tells you.", "Worth a look. Make up your own mind.",
                                         "Hmm. Why isn't anyone covering this?", "Can't vouch for it, but food for thought."};
      tx.text = kAmp[r.Below(std::size(kAmp))];
      tx.lang = kEn;
      break;
    }
    default: has_text = false; break;
  }

  Obj o(out);
  o.Str("kind", "post").Str("platform", Plats()[plat].name).Str("id", PostIdString(e.post)).Str("actor", FormatActorId(a));
  AppendTime(o, "time", e.t, h >> 7, plat);
  if (type != PostType::kPost || r.Chance(0.6)) o.Str("type", Name(type));
  if (e.parent != kNil) {
    o.Str("parent", PostIdString(e.parent));
    if (post_plat_[e.parent] != plat) o.Str("parent_platform", Plats()[post_plat_[e.parent]].name);
  }
  if (e.in != kNil) o.Str("in", FormatActorId(actors_[e.in]));
  if (has_text && !tx.text.empty()) {
    o.Str("text", tx.text);
    if (r.Chance(0.75)) o.Str("lang", LangCode(tx.lang));
    const bool arrays = r.Chance(0.75);
    if (arrays) {
      if (!tx.urls.empty()) o.StrArray("urls", tx.urls);
      if (!tx.hashtags.empty()) o.StrArray("hashtags", tx.hashtags);
      if (!tx.mentions.empty()) o.StrArray("mentions", tx.mentions);
    }
  }
  if (r.Chance(0.7)) {
    const auto& clients = Plats()[plat].clients;
    const char* client = clients[r.Below(clients.size())];
    if ((a.op == kOpSpam || a.role == kROutlet || a.role == kRNewsroom) && r.Chance(0.5)) client = clients[std::min<size_t>(2, clients.size() - 1)];
    if (a.op == kOpFarm && r.Chance(0.8)) client = clients[0];
    o.Str("client", client);
  }
  if (type == PostType::kReaction) o.Str("reaction", kReactions[e.reaction ? e.reaction : 1]);
  o.End();
}

void World::AssignPostIds(std::vector<Event>& events) {
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.t != b.t ? a.t < b.t : a.post < b.post; });
  for (const Event& e : events) {
    const uint8_t p = post_plat_[e.post];
    const uint64_t c = post_counter_[p]++;
    const uint64_t salt = cfg_.seed * 7 + p;
    uint64_t n;
    switch (p) {
      case kX:
      case kTiktok: {
        const uint64_t ms = static_cast<uint64_t>(e.t) * 1000 + Hash3(c, salt) % 1000;
        n = ((ms - (p == kX ? kTwEpochMs : 1262304000000ULL)) << 22) | (c & 0x3FFFFF);
        break;
      }
      case kFacebook: n = Spaced(100000000000000ULL + 23000000000000ULL, c, 7919, salt); break;
      case kReddit: n = Spaced(36ULL * 36 * 36 * 36 * 36 * 36, c, 37, salt); break;
      case kTelegram: n = Spaced(10000, c, 7, salt); break;
      case kPinterest: n = Spaced(900000000000000000ULL, c, 10007, salt); break;
      default: n = Spaced(1000000, c, 97, salt); break;
    }
    post_num_[e.post] = n;
  }
}

Status World::FlushBlock(int d, OutFile& out) {
  auto& events = buckets_[static_cast<size_t>(d)];
  AssignPostIds(events);
  // Count engagements on operation posts (exactly what is written).
  for (const Event& e : events) {
    if (e.parent == kNil) continue;
    const uint32_t pa = post_author_[e.parent];
    if (pa == e.actor) continue;
    const int8_t op = actors_[pa].op;
    if (op < 0) continue;
    ++op_eng_[static_cast<size_t>(op)];
    if (actors_[e.actor].op == op) ++op_internal_[static_cast<size_t>(op)];
  }
  std::string arena;
  arena.reserve(events.size() * 320 + 1024);
  std::vector<std::pair<uint32_t, uint32_t>> recs;
  recs.reserve(events.size() + actor_blocks_[static_cast<size_t>(d)].size() + rel_blocks_[static_cast<size_t>(d)].size());
  auto add = [&](auto&& fn) {
    const auto from = static_cast<uint32_t>(arena.size());
    fn();
    recs.emplace_back(from, static_cast<uint32_t>(arena.size() - from));
  };
  for (uint32_t i : actor_blocks_[static_cast<size_t>(d)]) {
    add([&] { RenderActor(i, arena); });
    ++stats_.actors;
  }
  for (uint32_t k : rel_blocks_[static_cast<size_t>(d)]) {
    add([&] { RenderRelation(rels_[k], arena); });
    ++stats_.relations;
  }
  for (const Event& e : events) add([&] { RenderPost(e, arena); });
  stats_.posts += events.size();
  // Arrival order: shuffled within the block.
  Rng shuffle(Hash3(cfg_.seed, static_cast<uint64_t>(d), 0x5f));
  shuffle.Shuffle(recs);
  std::string buf;
  buf.reserve(std::min<size_t>(arena.size() + 16, 16u << 20));
  for (const auto& [from, len] : recs) {
    buf.append(arena, from, len);
    if (buf.size() >= (8u << 20)) {
      UNMASK_RETURN_IF_ERROR(out.Write(buf));
      buf.clear();
    }
  }
  UNMASK_RETURN_IF_ERROR(out.Write(buf));
  std::vector<Event>().swap(events);
  std::vector<uint32_t>().swap(actor_blocks_[static_cast<size_t>(d)]);
  std::vector<uint32_t>().swap(rel_blocks_[static_cast<size_t>(d)]);
  return {};
}

Status World::WriteTruth(const std::string& path) {
  using nlohmann::json;
  json t;
  t["format"] = "unmask-truth/1";
  t["seed"] = cfg_.seed;
  t["scale"] = std::string(ScaleName(cfg_.scale));
  t["start"] = FormatIso(start_);
  t["days"] = days_;
  t["period"] = cfg_.period;
  auto members = [&](const std::vector<uint32_t>& v) {
    json a = json::array();
    for (uint32_t i : v) a.push_back(Member(i));
    return a;
  };
  auto share = [&](int op) {
    const auto e = op_eng_[static_cast<size_t>(op)];
    return e == 0 ? 0.0 : static_cast<double>(op_internal_[static_cast<size_t>(op)]) / static_cast<double>(e);
  };
  json ops = json::array();
  {
    std::vector<uint32_t> all = spam_;
    all.insert(all.end(), spam_pages_.begin(), spam_pages_.end());
    all.insert(all.end(), spam_groups_.begin(), spam_groups_.end());
    json o{{"name", "spamouflage"}, {"kind", "spamouflage"}, {"members", members(all)}};
    o["internal_share"] = share(kOpSpam);
    o["engagements"] = op_eng_[kOpSpam];
    o["internal_engagements"] = op_internal_[kOpSpam];
    o["amplifiers"] = members(influencers_);
    std::vector<uint32_t> sleepers;
    for (uint32_t i : spam_)
      if (actors_[i].sleeper) sleepers.push_back(i);
    o["sleepers"] = members(sleepers);
    if (cfg_.period > 1) {
      o["returning"] = members(returning_);  // survived the takedown; the other members are new
      o["new_members"] = all.size() - returning_.size();
    }
    o["notes"] = "batch-created accounts, pages and groups; Beijing office hours; templated zh/en texts; echo-chamber engagement";
    ops.push_back(std::move(o));
  }
  {
    json o{{"name", "engagement_farm"}, {"kind", "engagement_farm"}, {"members", members(farm_)}};
    o["internal_share"] = share(kOpFarm);
    o["engagements"] = op_eng_[kOpFarm];
    o["internal_engagements"] = op_internal_[kOpFarm];
    o["amplifiers"] = json::array();
    o["customers"] = members(customers_);
    ops.push_back(std::move(o));
  }
  {
    json o{{"name", "persona"}, {"kind", "persona"}, {"members", members(personas_)}};
    o["internal_share"] = share(kOpPersona);
    o["engagements"] = op_eng_[kOpPersona];
    o["internal_engagements"] = op_internal_[kOpPersona];
    o["amplifiers"] = json::array();
    ops.push_back(std::move(o));
  }
  t["operations"] = std::move(ops);
  json groups = json::array();
  for (size_t c = 0; c < celebs_.size(); ++c)
    groups.push_back({{"name", "fans of " + names_[celebs_[c]]}, {"kind", "fan_community"}, {"members", members(fans_[c])}});
  {
    std::vector<uint32_t> sharers;
    for (uint32_t i = 0; i < actors_.size() && sharers.size() < 3000; ++i)
      if (viral_sharer_[i] && !actors_[i].omit) sharers.push_back(i);
    groups.push_back({{"name", "viral news sharers"}, {"kind", "viral_news_sharers"}, {"members", members(sharers)}});
  }
  for (size_t c = 0; c < activists_.size(); ++c) {
    json g{{"name", CampaignName(static_cast<int>(c)) + " activists"}, {"kind", "activist_campaign"}, {"members", members(activists_[c])}};
    g["hashtags"] = CampaignHashtags(static_cast<int>(c));
    groups.push_back(std::move(g));
  }
  groups.push_back({{"name", "The Daily Meridian"}, {"kind", "newsroom"}, {"members", members(newsroom_)}});
  groups.push_back({{"name", "influencers who amplified spamouflage"}, {"kind", "influencers"}, {"members", members(influencers_)}});
  t["authentic_groups"] = std::move(groups);
  t["counts"] = {{"actors", stats_.actors}, {"posts", stats_.posts}, {"relations", stats_.relations}};
  OutFile f;
  UNMASK_RETURN_IF_ERROR(f.Open(path));
  UNMASK_RETURN_IF_ERROR(f.Write(t.dump(1) + "\n"));
  return f.Close();
}

Result<SimStats> World::Run(const std::string& out_path, const std::string& truth_path, const ProgressFn& progress) {
  OutFile out;
  UNMASK_RETURN_IF_ERROR(out.Open(out_path));
  {  // fail early on an unwritable truth path too
    OutFile probe;
    UNMASK_RETURN_IF_ERROR(probe.Open(truth_path));
  }
  const uint64_t total = static_cast<uint64_t>(days_) + 1;
  BuildPopulation();
  BuildOps();
  BuildGraph();
  BuildFollowerIndex();
  AssignActorIds();
  if (cfg_.period > 1) ReturnAfterTakedown();
  if (progress) progress(1, total);

  buckets_.assign(static_cast<size_t>(days_), {});
  viral_sharer_.assign(actors_.size(), 0);
  stamp_.assign(actors_.size(), 0);
  for (int k = 0; k < 4; ++k) campaign_days_.push_back(std::max(0, (days_ * (2 * k + 1)) / 8 - 1));
  for (uint32_t inf : influencers_)
    for (int k = 0; k < 3; ++k)
      influencer_days_.emplace_back(std::min(days_ - 1, 3 + static_cast<int>(rng_.Below(static_cast<uint64_t>(std::max(1, days_ - 4))))), inf);

  // Which block each actor and relation record is written in.
  actor_blocks_.assign(static_cast<size_t>(days_), {});
  rel_blocks_.assign(static_cast<size_t>(days_), {});
  for (uint32_t i = 0; i < actors_.size(); ++i) {
    if (actors_[i].omit) continue;
    const uint64_t h = Hash3(cfg_.seed, i, 0xb10c);
    const int block = h % 100 < 55 ? 0 : static_cast<int>((h >> 8) % static_cast<uint64_t>(days_));
    actor_blocks_[static_cast<size_t>(block)].push_back(i);
  }
  for (uint32_t k = 0; k < rels_.size(); ++k) {
    const uint64_t h = Hash3(cfg_.seed, k, 0x7e1);
    rel_blocks_[static_cast<size_t>(h % 100 < 30 ? 0 : (h >> 8) % static_cast<uint64_t>(days_))].push_back(k);
  }

  for (int d = 0; d < days_; ++d) {
    GenerateDay(d);
    UNMASK_RETURN_IF_ERROR(FlushBlock(d, out));
    if (progress) progress(static_cast<uint64_t>(d) + 2, total);
  }
  UNMASK_RETURN_IF_ERROR(out.Close());
  UNMASK_RETURN_IF_ERROR(WriteTruth(truth_path));
  return stats_;
}

}  // namespace

Result<SimStats> WriteWorld(const SimConfig& config, const std::string& out_path, const std::string& truth_path,
                            const ProgressFn& progress) {
  if (config.days <= 0) return Status::Error(fmt::format("simulate: days must be positive (got {})", config.days));
  if (config.period < 1) return Status::Error(fmt::format("simulate: period must be 1 or more (got {})", config.period));
  World world(config);
  return world.Run(out_path, truth_path, progress);
}

}  // namespace unmask::sim
