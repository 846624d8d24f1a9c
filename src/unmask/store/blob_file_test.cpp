#include "unmask/store/blob_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <cstring>
#include <fstream>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "unmask/store/store.hpp"

namespace unmask {
namespace {

namespace fs = std::filesystem;

class BlobFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("unmask-blob-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "state.bin").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void WriteSample() {
    auto out = BlobWriter::Create(path_, "TESTFILE", 1);
    ASSERT_TRUE(out.ok()) << out.status().message();
    out->Put("numbers", std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8});
    out->PutString("name", "hello");
    ASSERT_TRUE(out->Commit().ok());
  }
  std::string ReadError() {
    auto in = BlobReader::Open(path_, "TESTFILE", 1);
    if (!in.ok()) return in.status().message();
    std::vector<uint64_t> numbers;
    std::string name;
    Status s = in->Get("numbers", numbers);
    if (s.ok()) s = in->GetString("name", name);
    return s.ok() ? "" : s.message();
  }
  void Patch(uint64_t offset, char byte) {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    f.put(byte);
  }
  fs::path dir_;
  std::string path_;
};

TEST_F(BlobFileTest, RoundTrip) {
  WriteSample();
  auto in = BlobReader::Open(path_, "TESTFILE", 1);
  ASSERT_TRUE(in.ok());
  std::vector<uint64_t> numbers;
  std::string name;
  ASSERT_TRUE(in->Get("numbers", numbers).ok());
  ASSERT_TRUE(in->GetString("name", name).ok());
  EXPECT_EQ(numbers, (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(name, "hello");
}

TEST_F(BlobFileTest, DamagedBytesFailTheChecksumAndNameTheFileAndBlob) {
  WriteSample();
  Patch(16 + 2 + 7 + 4 + 8 + 3, 'x');  // inside the numbers
  const std::string error = ReadError();
  EXPECT_NE(error.find(path_), std::string::npos) << error;
  EXPECT_NE(error.find("'numbers'"), std::string::npos) << error;
  EXPECT_NE(error.find("checksum"), std::string::npos) << error;
}

TEST_F(BlobFileTest, TruncatedFileIsAnError) {
  WriteSample();
  for (uint64_t size : {uint64_t{40}, uint64_t{20}, uint64_t{10}, fs::file_size(path_) - 3}) {
    fs::resize_file(path_, size);
    const std::string error = ReadError();
    EXPECT_FALSE(error.empty()) << size;
    EXPECT_NE(error.find(path_), std::string::npos) << error;
  }
}

TEST_F(BlobFileTest, HugeDeclaredCountIsRefusedBeforeAllocating) {
  WriteSample();
  Patch(16 + 2 + 7 + 4 + 7, '\x7f');  // top byte of the count
  const std::string error = ReadError();
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
}

TEST_F(BlobFileTest, OtherFilesAndVersionsAreRefused) {
  std::ofstream(path_) << "{\"kind\":\"post\"}\n";
  EXPECT_NE(ReadError().find("not an unmask state file"), std::string::npos) << ReadError();
  {
    auto out = BlobWriter::Create(path_, "TESTFILE", 2);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE(out->Commit().ok());
  }
  EXPECT_NE(ReadError().find("format version 2"), std::string::npos) << ReadError();
  fs::remove(path_);
  EXPECT_NE(ReadError().find("cannot read"), std::string::npos);
}

TEST_F(BlobFileTest, AnUnfinishedWriteLeavesThePreviousFile) {
  WriteSample();
  const auto before = fs::file_size(path_);
  {
    auto out = BlobWriter::Create(path_, "TESTFILE", 1);
    ASSERT_TRUE(out.ok());
    out->PutString("name", "never committed");
  }  // dropped, as when a run fails or is interrupted before the rename
  EXPECT_EQ(fs::file_size(path_), before);
  EXPECT_EQ(ReadError(), "");
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1u) << "the temporary file is removed";
}

TEST_F(BlobFileTest, StoreSurvivesSaveAndLoadAndTakesMoreRecords) {
  Store store;
  ActorRecord actor;
  actor.platform = "x";
  actor.id = "a1";
  actor.handle = "alice";
  actor.infra = {"ip:1.2.3.4"};
  store.SetActor(actor);
  PostRecord post;
  post.platform = "x";
  post.id = "p1";
  post.actor = "a1";
  post.time = 100;
  post.urls = {"https://a.example/1"};
  store.AddPost(post);
  PostRecord share;
  share.platform = "x";
  share.id = "p3";
  share.actor = "b2";
  share.type = PostType::kShare;
  share.parent = "p2";  // arrives in the next file
  share.time = 150;
  store.AddPost(share);
  store.Finalize();
  EXPECT_EQ(store.UnresolvedParents(), 1u);
  {
    auto out = BlobWriter::Create(path_, "TESTFILE", 1);
    ASSERT_TRUE(out.ok());
    store.Save(*out);
    ASSERT_TRUE(out->Commit().ok());
  }
  auto in = BlobReader::Open(path_, "TESTFILE", 1);
  ASSERT_TRUE(in.ok());
  Result<Store> loaded = Store::Load(*in);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  PostRecord later;
  later.platform = "x";
  later.id = "p2";
  later.actor = "a1";
  later.time = 120;
  later.urls = {"https://a.example/2"};
  EXPECT_EQ(loaded->AddPost(later), AddResult::kAdded);
  EXPECT_EQ(loaded->AddPost(post), AddResult::kDuplicate);  // ids survive the round trip
  loaded->Finalize();
  EXPECT_EQ(loaded->UnresolvedParents(), 0u);
  const PostId p2 = loaded->FindPost("x", "p2"), p3 = loaded->FindPost("x", "p3");
  ASSERT_NE(p2, kNone);
  EXPECT_EQ(loaded->posts().parent[p3], p2);
  EXPECT_EQ(loaded->Str(loaded->posts().urls.Row(0)[0]), "https://a.example/1");
  EXPECT_EQ(loaded->Str(loaded->posts().urls.Row(p2)[0]), "https://a.example/2");
  const ActorId a1 = loaded->FindActor("x", "a1");
  EXPECT_EQ(loaded->Str(loaded->actors().handle[a1]), "alice");
  EXPECT_EQ(loaded->Str(loaded->actors().infra.Row(a1)[0]), "ip:1.2.3.4");
  ASSERT_EQ(loaded->PostsOf(a1).size(), 2u);
  EXPECT_EQ(loaded->PostsOf(a1)[1], p2);
}

TEST_F(BlobFileTest, StoreWithOutOfRangeIdsIsRefused) {
  Store store;
  PostRecord post;
  post.platform = "x";
  post.id = "p1";
  post.actor = "a1";
  store.AddPost(post);
  store.Finalize();
  // A file whose checksums are right but whose ids point nowhere.
  auto out = BlobWriter::Create(path_, "TESTFILE", 1);
  ASSERT_TRUE(out.ok());
  store.Save(*out);
  ASSERT_TRUE(out->Commit().ok());
  auto good = BlobReader::Open(path_, "TESTFILE", 1);
  ASSERT_TRUE(good.ok());
  ASSERT_TRUE(Store::Load(*good).ok());
  // Rewrite with a post pointing at actor 7 of 1.
  std::vector<char> bytes(fs::file_size(path_));
  std::ifstream(path_, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  const std::string marker = "posts.actor";
  auto at = std::search(bytes.begin(), bytes.end(), marker.begin(), marker.end());
  ASSERT_NE(at, bytes.end());
  const size_t shape = static_cast<size_t>(at - bytes.begin()) + marker.size();  // element size, count
  const size_t value = shape + 4 + 8;
  bytes[value] = 7;
  // ... with a checksum that matches, so that only the range check can catch it.
  const uint64_t checksum = XXH3_64bits(bytes.data() + shape, 4 + 8 + 4);
  std::memcpy(bytes.data() + value + 4, &checksum, sizeof checksum);
  std::ofstream(path_, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  auto bad = BlobReader::Open(path_, "TESTFILE", 1);
  ASSERT_TRUE(bad.ok());
  Result<Store> loaded = Store::Load(*bad);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("posts.actor"), std::string::npos) << loaded.status().message();
  EXPECT_NE(loaded.status().message().find("outside"), std::string::npos) << loaded.status().message();
}

}  // namespace
}  // namespace unmask
