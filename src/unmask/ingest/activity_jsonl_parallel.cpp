#include "unmask/ingest/activity_jsonl_parallel.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "unmask/ingest/activity_jsonl.hpp"

namespace unmask {
namespace {

// Where the strings of one chunk's records live: blocks of bytes handed out
// in order; Reset() starts again at the first block and keeps them all.
class Arena {
 public:
  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    if (blocks_.empty() || used_ + s.size() > blocks_[block_].size) NextBlock(s.size());
    char* at = blocks_[block_].bytes.get() + used_;
    std::memcpy(at, s.data(), s.size());
    used_ += s.size();
    return {at, s.size()};
  }
  void Reset() {
    block_ = 0;
    used_ = 0;
  }

 private:
  static constexpr size_t kBlockBytes = size_t{1} << 20;
  struct Block {
    std::unique_ptr<char[]> bytes;
    size_t size = 0;
  };

  void NextBlock(size_t need) {
    if (!blocks_.empty()) ++block_;
    while (block_ < blocks_.size() && blocks_[block_].size < need) ++block_;
    if (block_ == blocks_.size()) {
      const size_t size = std::max(kBlockBytes, need);
      blocks_.push_back(Block{std::make_unique<char[]>(size), size});
    }
    used_ = 0;
  }

  std::vector<Block> blocks_;
  size_t block_ = 0;
  size_t used_ = 0;
};

void CopyList(const std::vector<std::string_view>& from, std::vector<std::string_view>& to, Arena& arena) {
  to.clear();
  for (const std::string_view v : from) to.push_back(arena.Copy(v));
}

void CopyActor(const ActorRecord& from, ActorRecord& to, Arena& arena) {
  for (auto field : {&ActorRecord::platform, &ActorRecord::id, &ActorRecord::handle, &ActorRecord::name,
                     &ActorRecord::bio, &ActorRecord::url, &ActorRecord::location, &ActorRecord::lang,
                     &ActorRecord::avatar}) {
    to.*field = arena.Copy(from.*field);
  }
  to.type = from.type;
  to.created = from.created;
  to.followers = from.followers;
  to.following = from.following;
  to.verified = from.verified;
  CopyList(from.infra, to.infra, arena);
}

void CopyPost(const PostRecord& from, PostRecord& to, Arena& arena) {
  for (auto field : {&PostRecord::platform, &PostRecord::id, &PostRecord::actor, &PostRecord::parent,
                     &PostRecord::parent_platform, &PostRecord::in, &PostRecord::text, &PostRecord::lang,
                     &PostRecord::client, &PostRecord::reaction}) {
    to.*field = arena.Copy(from.*field);
  }
  to.type = from.type;
  to.time = from.time;
  CopyList(from.urls, to.urls, arena);
  CopyList(from.hashtags, to.hashtags, arena);
  CopyList(from.mentions, to.mentions, arena);
  CopyList(from.media, to.media, arena);
}

void CopyRelation(const RelationRecord& from, RelationRecord& to, Arena& arena) {
  to.platform = arena.Copy(from.platform);
  to.from = arena.Copy(from.from);
  to.to = arena.Copy(from.to);
  to.type_name = arena.Copy(from.type_name);
  to.time = from.time;
}

// Consecutive whole lines of the file and, once parsed, what each became.
struct Chunk {
  uint64_t sequence = 0;
  uint64_t first_line = 0;  // number of its first line in the file
  uint64_t read_to = 0;     // compressed bytes of the file read when it was cut
  std::string bytes;        // the lines back to back, without terminators
  std::vector<size_t> ends;  // end of each line in `bytes`

  struct Item {
    LineOutcome outcome;
    uint32_t index;  // into actors, posts, relations or bad, by outcome
    // A record's keys (Store::Prepare): keys[first_key, first_key + key_count).
    uint32_t first_key = 0, key_count = 0;
    ActorId actors[2] = {kNone, kNone};
  };
  struct Bad {
    std::string_view category;
    std::string reason;
  };
  std::vector<Item> items;
  // Records are reused from chunk to chunk (their lists keep their capacity),
  // so only the first `*_count` are this chunk's.
  std::vector<ActorRecord> actors;
  std::vector<PostRecord> posts;
  std::vector<RelationRecord> relations;
  size_t actor_count = 0, post_count = 0, relation_count = 0;
  std::vector<Bad> bad;
  std::vector<StringKey> keys;
  Arena arena;

  PreparedRecord Prepared(const Item& item) const {
    PreparedRecord prepared{{keys.data() + item.first_key, item.key_count}, {item.actors[0], item.actors[1]}};
    return prepared;
  }

  std::string_view Line(size_t i) const {
    const size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
};

template <typename Record>
Record& NextSlot(std::vector<Record>& records, size_t& count) {
  if (count == records.size()) records.emplace_back();
  return records[count++];
}

// Hashes every string of the chunk's records and looks them and their
// actors up in the store, which the adding thread is filling meanwhile:
// what is found is not looked up again when adding (most strings of a
// record were seen before: actor ids, platforms, urls, hashtags ...).
void PrepareChunk(Chunk& c, const Store& store) {
  c.keys.clear();
  const auto step = [&](Chunk::Item& item, Store::PrepareStep step) {
    switch (item.outcome) {
      case LineOutcome::kActor: store.Prepare(c.actors[item.index], step, c.keys, item.first_key, item.actors); break;
      case LineOutcome::kPost: store.Prepare(c.posts[item.index], step, c.keys, item.first_key, item.actors); break;
      case LineOutcome::kRelation:
        store.Prepare(c.relations[item.index], step, c.keys, item.first_key, item.actors);
        break;
      default: break;
    }
  };
  // Each step on a batch of records before the next, so that the batch's
  // cache misses overlap (a few hundred strings: their slots, entries and
  // bytes stay cached between steps). The batch is also one stay inside the
  // store's gate: short, so that the adding thread, when it must grow a
  // table, does not wait long.
  constexpr size_t kBatch = 32;
  for (size_t begin = 0; begin < c.items.size(); begin += kBatch) {
    const size_t end = std::min(c.items.size(), begin + kBatch);
    const Store::Reading reading(store);
    for (size_t i = begin; i < end; ++i) {
      Chunk::Item& item = c.items[i];
      item.first_key = static_cast<uint32_t>(c.keys.size());
      step(item, Store::PrepareStep::kHash);
      item.key_count = static_cast<uint32_t>(c.keys.size() - item.first_key);
    }
    for (const Store::PrepareStep s : Store::kPrepareSteps) {
      if (s == Store::PrepareStep::kHash) continue;
      for (size_t i = begin; i < end; ++i) step(c.items[i], s);
    }
  }
}

void ParseChunk(Chunk& c, ActivityJsonlParser& parser, const Store& store) {
  c.items.clear();
  c.bad.clear();
  c.actor_count = c.post_count = c.relation_count = 0;
  c.arena.Reset();
  for (size_t i = 0; i < c.ends.size(); ++i) {
    const LineOutcome outcome = parser.Read(c.Line(i));
    uint32_t index = 0;
    switch (outcome) {
      case LineOutcome::kBlank: break;
      case LineOutcome::kActor:
        index = static_cast<uint32_t>(c.actor_count);
        CopyActor(parser.actor(), NextSlot(c.actors, c.actor_count), c.arena);
        break;
      case LineOutcome::kPost:
        index = static_cast<uint32_t>(c.post_count);
        CopyPost(parser.post(), NextSlot(c.posts, c.post_count), c.arena);
        break;
      case LineOutcome::kRelation:
        index = static_cast<uint32_t>(c.relation_count);
        CopyRelation(parser.relation(), NextSlot(c.relations, c.relation_count), c.arena);
        break;
      case LineOutcome::kBad:
        index = static_cast<uint32_t>(c.bad.size());
        c.bad.push_back({parser.category(), parser.reason()});
        break;
    }
    c.items.push_back({outcome, index});
  }
  PrepareChunk(c, store);
}

// Adds a parsed chunk to the store, counting and quarantining as the
// single-threaded reader does, line by line.
void AddChunk(const Chunk& c, ReadContext& context) {
  static const ActorRecord kNoActor;
  static const PostRecord kNoPost;
  static const RelationRecord kNoRelation;
  FileSummary& summary = context.summary;
  std::string reason;
  // The strings not found when the chunk was prepared are cache misses in
  // the intern table: hinting their slots a few records ahead overlaps them.
  constexpr size_t kAhead = 8;  // records
  for (size_t i = 0; i < c.items.size(); ++i) {
    if (i + kAhead < c.items.size()) context.store.Prefetch(c.Prepared(c.items[i + kAhead]), 0);
    const Chunk::Item item = c.items[i];
    const PreparedRecord prepared = c.Prepared(item);
    ++summary.lines;
    const auto quarantine = [&](std::string_view category, std::string_view why) {
      ++summary.quarantined;
      context.quarantine.Add(context.source.path(), c.first_line + i, c.Line(i), category, why);
    };
    switch (item.outcome) {
      case LineOutcome::kBlank: ++summary.blank; break;
      case LineOutcome::kActor:
        if (AddRecord(item.outcome, c.actors[item.index], kNoPost, kNoRelation, context.store, reason, &prepared)) {
          ++summary.actors;
        } else {
          quarantine(bad_line::kDuplicateId, reason);
        }
        break;
      case LineOutcome::kPost:
        if (AddRecord(item.outcome, kNoActor, c.posts[item.index], kNoRelation, context.store, reason, &prepared)) {
          ++summary.posts;
        } else {
          quarantine(bad_line::kDuplicateId, reason);
        }
        break;
      case LineOutcome::kRelation:
        AddRecord(item.outcome, kNoActor, kNoPost, c.relations[item.index], context.store, reason, &prepared);
        ++summary.relations;
        break;
      case LineOutcome::kBad: quarantine(c.bad[item.index].category, c.bad[item.index].reason); break;
    }
  }
}

// The chunks and the queues between the reader, the parsers and the adder.
class Pipeline {
 public:
  Pipeline(ReadContext& context, const ParallelReadOptions& options) : context_(context), options_(options) {
    const size_t chunks = static_cast<size_t>(std::max(options.threads, 1)) * options.chunks_per_thread + 1;
    for (size_t i = 0; i < chunks; ++i) {
      owned_.push_back(std::make_unique<Chunk>());
      free_.push_back(owned_.back().get());
    }
  }

  void Run() {
    std::thread reader([this] { Read(); });
    std::vector<std::thread> parsers;
    for (int i = 1; i < options_.threads; ++i) parsers.emplace_back([this] { Parse(); });
    Add();
    reader.join();
    for (std::thread& t : parsers) t.join();
  }

 private:
  // The reader thread: cuts the source into chunks of whole lines.
  void Read() {
    LineSource& source = context_.source;
    std::string_view line;
    bool more = true;
    while (more) {
      Chunk* c = nullptr;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !free_.empty(); });
        c = free_.back();
        free_.pop_back();
      }
      c->bytes.clear();
      c->ends.clear();
      more = false;
      while (source.Next(line)) {
        if (c->ends.empty()) c->first_line = source.line_number();
        c->bytes.append(line);
        c->ends.push_back(c->bytes.size());
        if (c->bytes.size() >= options_.chunk_bytes || c->ends.size() >= kMaxLines) {
          more = true;
          break;
        }
      }
      c->read_to = source.compressed_bytes_read();
      {
        std::lock_guard lock(mutex_);
        if (c->ends.empty()) {
          free_.push_back(c);
        } else {
          c->sequence = cut_++;
          to_parse_.push_back(c);
        }
        if (!more) reading_done_ = true;
      }
      changed_.notify_all();
    }
  }

  // A parsing thread: parses chunks until the reader is done and none is left.
  void Parse() {
    ActivityJsonlParser parser;
    std::unique_lock lock(mutex_);
    while (true) {
      changed_.wait(lock, [&] { return !to_parse_.empty() || reading_done_; });
      if (to_parse_.empty()) return;
      ParseOne(parser, lock);
    }
  }

  // Takes the first chunk waiting to be parsed and parses it (unlocked).
  void ParseOne(ActivityJsonlParser& parser, std::unique_lock<std::mutex>& lock) {
    Chunk* c = to_parse_.front();
    to_parse_.pop_front();
    lock.unlock();
    ParseChunk(*c, parser, context_.store);
    lock.lock();
    parsed_[c->sequence] = c;
    changed_.notify_all();
  }

  // The calling thread: adds the chunks in order, parsing while it waits.
  void Add() {
    ActivityJsonlParser parser;
    uint64_t next = 0;
    std::unique_lock lock(mutex_);
    while (true) {
      if (auto it = parsed_.find(next); it != parsed_.end()) {
        Chunk* c = it->second;
        parsed_.erase(it);
        lock.unlock();
        if (const uint64_t size = context_.source.file_size(); size > 0) {
          context_.store.ReserveAhead(static_cast<double>(c->read_to) / static_cast<double>(size));
        }
        AddChunk(*c, context_);
        context_.ReportProgress(c->read_to);
        lock.lock();
        free_.push_back(c);
        ++next;
        changed_.notify_all();
      } else if (!to_parse_.empty()) {
        ParseOne(parser, lock);
      } else if (reading_done_ && next == cut_) {
        return;
      } else {
        changed_.wait(lock);
      }
    }
  }

  static constexpr size_t kMaxLines = 1 << 16;  // per chunk (a file of blank lines)

  ReadContext& context_;
  const ParallelReadOptions options_;
  std::vector<std::unique_ptr<Chunk>> owned_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Chunk*> free_;
  std::deque<Chunk*> to_parse_;
  std::map<uint64_t, Chunk*> parsed_;
  uint64_t cut_ = 0;
  bool reading_done_ = false;
};

}  // namespace

void ReadActivityJsonlInParallel(ReadContext& context, const ParallelReadOptions& options) {
  context.store.StartInput();
  Pipeline(context, options).Run();
  FileSummary& summary = context.summary;
  summary.records = summary.lines;
  summary.used = summary.actors + summary.posts + summary.relations;
  if (!context.source.error().empty()) summary.error = context.source.error();
}

}  // namespace unmask
