// report.html in a real browser: headless Chromium (Debian package
// `chromium`) opens the report of the built-in world, which must log nothing
// to the console (no script errors, no blocked loads: the page may fetch
// nothing), must hold a network picture and the charts for every detailed
// network in its DOM, must look like a report in a screenshot (not blank;
// the echo-chamber colours in the overview above the first network's
// picture in its platform's colour), and must print to a multi-page PDF.
// Skipped, with a message, when chromium is not installed.
#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "unmask/pipeline/scan.hpp"
#include "unmask/report/palette.hpp"
#include "unmask/report/writers.hpp"
#include "unmask/sim/world.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

std::string FindChromium() {
  if (const char* explicit_path = std::getenv("UNMASK_CHROMIUM"); explicit_path && *explicit_path) return explicit_path;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
      const fs::path candidate = fs::path(dir) / name;
      if (fs::exists(candidate)) return candidate.string();
    }
  }
  return "";
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The numbers that follow each occurrence of `prefix` ("data-nodes=\"12\"" -> 12).
std::vector<size_t> NumbersAfter(const std::string& text, const std::string& prefix) {
  std::vector<size_t> out;
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
    size_t end = at + prefix.size(), n = 0;
    bool digits = false;
    for (; end < text.size() && text[end] >= '0' && text[end] <= '9'; ++end)
      n = n * 10 + (text[end] - '0'), digits = true;
    if (digits) out.push_back(n);
  }
  return out;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

class Browser {
 public:
  Browser(std::string chromium, fs::path dir) : chromium_(std::move(chromium)), dir_(std::move(dir)) {}
  /// Runs headless Chromium on `page` with `args`; stdout to `out`; returns
  /// the console lines it logged.
  std::vector<std::string> Run(const std::string& args, const fs::path& page, const fs::path& out) {
    const fs::path log = dir_ / "chromium.log";
    const std::string command =
        fmt("timeout 180 '{}' --headless --no-sandbox --disable-gpu --no-first-run "
            "--disable-extensions --hide-scrollbars --user-data-dir='{}' --enable-logging=stderr "
            "--v=0 {} 'file://{}' > '{}' 2> '{}'",
            {chromium_, (dir_ / "profile").string(), args, page.string(), out.string(), log.string()});
    const int status = std::system(command.c_str());
    EXPECT_EQ(status, 0) << command << "\n" << ReadText(log);
    std::vector<std::string> console;
    std::stringstream lines(ReadText(log));
    for (std::string line; std::getline(lines, line);) {
      if (line.find(":CONSOLE") != std::string::npos) console.push_back(line);
    }
    return console;
  }

 private:
  static std::string fmt(std::string pattern, std::initializer_list<std::string> values) {
    for (const std::string& v : values) pattern.replace(pattern.find("{}"), 2, v);
    return pattern;
  }
  std::string chromium_;
  fs::path dir_;
};

struct Image {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgb;
  bool Near(uint32_t x, uint32_t y, int r, int g, int b, int tolerance = 10) const {
    const uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
    return std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance && std::abs(p[2] - b) <= tolerance;
  }
};

Image ReadPng(const fs::path& path) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  Image image;
  if (!png_image_begin_read_from_file(&png, path.c_str())) return image;
  png.format = PNG_FORMAT_RGB;
  image.rgb.resize(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, nullptr, image.rgb.data(), 0, nullptr)) return {};
  image.width = png.width;
  image.height = png.height;
  return image;
}

struct Rgb {
  int r, g, b;
};
Rgb Hex(std::string_view color) {
  const auto part = [&](size_t at) { return std::stoi(std::string(color.substr(at, 2)), nullptr, 16); };
  return {part(1), part(3), part(5)};
}

// Pixels of one colour and the first row where it appears.
struct ColorUse {
  size_t pixels = 0;
  int64_t first_row = -1;
};
ColorUse Find(const Image& image, Rgb c) {
  ColorUse use;
  for (uint32_t y = 0; y < image.height; ++y) {
    for (uint32_t x = 0; x < image.width; ++x) {
      if (!image.Near(x, y, c.r, c.g, c.b)) continue;
      ++use.pixels;
      if (use.first_row < 0) use.first_row = y;
    }
  }
  return use;
}

class HtmlReport : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    if (!chromium_.empty() && !fs::exists(chromium_)) FAIL() << "UNMASK_CHROMIUM=" << chromium_ << " does not exist";
    if (chromium_.empty()) {
      GTEST_SKIP() << "chromium not found on PATH (nor UNMASK_CHROMIUM): report.html was not rendered. "
                      "Install the Debian package `chromium` (scripts/install-deps.sh) to run this check.";
    }
    // One folder per process: several checkouts may run this test at once.
    dir_ = fs::temp_directory_path() / ("unmask-html-render-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty() && !HasFailure()) fs::remove_all(dir_);  // kept on failure, to look at
  }
  std::string chromium_;
  fs::path dir_;
};

TEST_F(HtmlReport, RendersWithoutErrorsWithChartsAndNetworkPictures) {
  Browser browser(chromium_, dir_);
  // The console check must be able to fail: a page with a script error is seen.
  const fs::path broken = dir_ / "broken.html";
  std::ofstream(broken)
      << "<!DOCTYPE html><html><body><script>console.error('planted'); missing();</script></body></html>";
  const auto planted = browser.Run("--dump-dom", broken, dir_ / "broken.dom");
  ASSERT_FALSE(planted.empty()) << "chromium's console log is not visible; the check below would be blind";

  sim::SimConfig sim;
  sim.seed = 1;
  const std::string world = (dir_ / "world.jsonl").string();
  ASSERT_TRUE(sim::WriteWorld(sim, world, (dir_ / "truth.json").string(), {}).ok());
  ScanConfig config;
  config.inputs = {world};
  config.out_dir = (dir_ / "out").string();
  config.progress = false;
  config.log = false;
  auto outcome = RunScan(config);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  const Report& report = outcome->report;
  ASSERT_FALSE(report.networks.empty());
  ASSERT_TRUE(report.networks.front().takedown);
  const size_t detailed = std::min(report.networks.size(), HtmlOptions{}.max_detailed_networks);

  // Console: nothing at all (the page has no script and may load nothing).
  const fs::path dom_path = dir_ / "dom.html";
  const auto console = browser.Run("--dump-dom", outcome->html_path, dom_path);
  EXPECT_TRUE(console.empty()) << console.size() << " console messages, first: " << console.front();

  // DOM: one picture per detailed network, every drawn node present, and the charts.
  const std::string dom = ReadText(dom_path);
  EXPECT_EQ(Count(dom, "<svg class=\"network-picture\""), detailed);
  size_t drawn = 0, pictures = 0;
  for (size_t n : NumbersAfter(dom, "data-nodes=\"")) {
    EXPECT_GT(n, 0u);
    drawn += n, ++pictures;
  }
  EXPECT_EQ(pictures, detailed);
  EXPECT_EQ(Count(dom, "class=\"node "), drawn);
  for (const std::string chart : {"echo", "reach", "breakout", "timeline", "hours"}) {
    EXPECT_EQ(Count(dom, "<svg class=\"chart " + chart + "\""), detailed) << chart;
  }
  EXPECT_EQ(Count(dom, "<svg class=\"chart overview\""), 1u);
  EXPECT_NE(dom.find("<section class=\"network\" id=\"N1\">"), std::string::npos);

  // Screenshot: a tall window holds the summary and the first network.
  const fs::path shot = dir_ / "report.png";
  EXPECT_TRUE(browser
                  .Run("--screenshot='" + shot.string() + "' --window-size=1280,6000", outcome->html_path,
                       dir_ / "screenshot.out")
                  .empty());
  const Image image = ReadPng(shot);
  ASSERT_EQ(image.width, 1280u);
  ASSERT_EQ(image.height, 6000u);
  size_t ink = 0;
  for (uint32_t y = 0; y < image.height; ++y) {
    for (uint32_t x = 0; x < image.width; ++x) ink += !image.Near(x, y, 255, 255, 255, 6);
  }
  EXPECT_GT(ink, image.width * image.height / 20) << "the page is (nearly) blank";
  const ColorUse internal = Find(image, Hex(kInternalColor)), authentic = Find(image, Hex(kAuthenticColor));
  EXPECT_GT(internal.pixels, 2000u) << "echo-chamber bars (own members)";
  EXPECT_GT(authentic.pixels, 500u) << "echo-chamber bars (authentic actors)";
  std::map<std::string, uint64_t> platforms;
  for (const ActorRef& m : report.networks.front().members) ++platforms[m.platform];
  const std::string main_platform =
      std::max_element(platforms.begin(), platforms.end(), [](auto& x, auto& y) { return x.second < y.second; })->first;
  const ColorUse picture = Find(image, Hex(PlatformColor(main_platform)));
  EXPECT_GT(picture.pixels, 1000u) << "N1's picture, its " << main_platform << " members";
  EXPECT_LT(internal.first_row, picture.first_row) << "the overview chart comes before the first network's picture";

  // Printing: page breaks before each network give a multi-page PDF.
  const fs::path pdf = dir_ / "report.pdf";
  EXPECT_TRUE(
      browser
          .Run("--no-pdf-header-footer --print-to-pdf='" + pdf.string() + "'", outcome->html_path, dir_ / "print.out")
          .empty());
  const std::string pdf_text = ReadText(pdf);
  ASSERT_TRUE(pdf_text.starts_with("%PDF"));
  size_t pages = 0;
  for (size_t n : NumbersAfter(pdf_text, "/Count ")) pages = std::max(pages, n);
  EXPECT_GT(pages, detailed) << "at least one page per network section";
}

}  // namespace
}  // namespace unmask
