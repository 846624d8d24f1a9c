#include "unmask/ingest/telegram_json.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "unmask/ingest/text_entities.hpp"
#include "unmask/ingest/values.hpp"

namespace unmask {
namespace {

// The items of a JSON array element, as a named value (iterating the result
// of get_array() directly would bind to a temporary).
simdjson::dom::array Items(const simdjson::dom::element& e) {
  simdjson::dom::array items;
  const simdjson::error_code error = e.get_array().get(items);  // callers checked the type
  (void)error;
  return items;
}

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::string_view kPlatform = "telegram";

// What a JSON container is, as far as the export's shape goes.
enum class Role : uint8_t { kOther, kChat, kChatsHolder, kChatList, kMessageList, kMessage };

struct Frame {
  bool object = false;
  bool expect_key = false;  // objects: the next string is a key
  Role role = Role::kOther;
  std::string key;  // objects: the key whose value comes next / is being read
};

struct Chat {
  std::string name, type, id_text;
  std::string actor_id;  // "channel123", "chat123", "user123"; empty when unknown
  ActorType actor_type = ActorType::kAccount;
  bool personal = false;
  bool announced = false;
};

// Reads one exported chat's identity: the chat actor id follows the form of
// the export's own `from_id` values.
void ResolveChat(Chat& chat) {
  if (chat.id_text.empty()) return;
  const std::string& t = chat.type;
  if (t == "personal_chat" || t == "bot_chat") {
    chat.actor_id = "user" + chat.id_text;
    chat.personal = true;
  } else if (t == "saved_messages") {
    chat.personal = true;  // the exporter's own notes: no chat actor
  } else if (t == "private_group") {
    chat.actor_id = "chat" + chat.id_text;
    chat.actor_type = ActorType::kGroup;
  } else if (t == "private_supergroup" || t == "public_supergroup") {
    chat.actor_id = "channel" + chat.id_text;
    chat.actor_type = ActorType::kGroup;
  } else {  // private_channel, public_channel, and types we do not know
    chat.actor_id = "channel" + chat.id_text;
    chat.actor_type = ActorType::kChannel;
  }
}

class TelegramReader {
 public:
  explicit TelegramReader(ReadContext& context) : context_(context) {}

  void Read() {
    LineSource& source = context_.source;
    std::string_view line;
    while (source.Next(line) && error_.empty()) {
      Feed(line, source.line_number());
      Feed("\n", source.line_number());
      if ((source.line_number() & 1023) == 0) context_.ReportProgress();
    }
    context_.summary.lines = source.line_number();
    context_.ReportProgress();
    if (error_.empty() && !stack_.empty()) {
      error_ = in_message_ ? fmt::format("the file ends inside the message that starts on line {} (truncated?)",
                                         message_line_)
                           : std::string("the file ends before the JSON document is closed (truncated?)");
      if (in_message_) {
        ++context_.summary.records;
        ++context_.summary.quarantined;
        context_.quarantine.Add(source.path(), message_line_, message_, "truncated", error_);
      }
    }
    if (error_.empty() && !seen_document_) error_ = "the file holds no JSON object";
    if (!error_.empty()) context_.summary.error = fmt::format("{}: {}", source.path(), error_);
    if (context_.summary.error.empty() && !source.error().empty()) context_.summary.error = source.error();
  }

 private:
  // ---- the scanner
  void Feed(std::string_view text, uint64_t line) {
    size_t i = 0;
    while (i < text.size() && error_.empty()) {
      if (in_message_) {
        i = FeedMessage(text, i, line);
        continue;
      }
      const char c = text[i];
      if (in_string_) {
        token_ += c;
        if (escape_) {
          escape_ = false;
        } else if (c == '\\') {
          escape_ = true;
        } else if (c == '"') {
          in_string_ = false;
          EndString();
        }
        ++i;
        continue;
      }
      if (in_scalar_) {
        if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == ':') {
          in_scalar_ = false;
          Value(token_);
          continue;  // the delimiter is handled below
        }
        token_ += c;
        ++i;
        continue;
      }
      switch (c) {
        case ' ': case '\t': case '\r': case '\n': case ':': break;
        case ',':
          if (!stack_.empty() && stack_.back().object) stack_.back().expect_key = true;
          break;
        case '"':
          in_string_ = true;
          token_.assign(1, '"');
          break;
        case '{':
        case '[': Open(c == '{', line); break;
        case '}':
        case ']': Close(c == '}'); break;
        default:
          in_scalar_ = true;
          token_.assign(1, c);
          break;
      }
      ++i;
    }
  }

  // Inside a message object: find its end, keeping its text.
  size_t FeedMessage(std::string_view text, size_t i, uint64_t line) {
    const size_t start = i;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (in_string_) {
        if (escape_) {
          escape_ = false;
        } else if (c == '\\') {
          escape_ = true;
        } else if (c == '"') {
          in_string_ = false;
        }
        continue;
      }
      if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if (c == '}' || c == ']') {
        if (--depth_ == 0) {
          message_.append(text.data() + start, i + 1 - start);
          in_message_ = false;
          Message();
          (void)line;
          return i + 1;
        }
      }
    }
    message_.append(text.data() + start, text.size() - start);
    if (message_.size() > kMaxMessageBytes) {
      error_ = fmt::format("the message that starts on line {} is longer than {} MB; the rest of the file was not "
                           "read", message_line_, kMaxMessageBytes >> 20);
    }
    return i;
  }

  Role ChildRole(bool object) const {
    if (stack_.empty()) return object ? Role::kChat : Role::kOther;
    const Frame& parent = stack_.back();
    if (parent.object) {
      if (parent.role == Role::kChat && parent.key == "messages" && !object) return Role::kMessageList;
      if (parent.role == Role::kChat && stack_.size() == 1 && object &&
          (parent.key == "chats" || parent.key == "left_chats")) {
        return Role::kChatsHolder;
      }
      if (parent.role == Role::kChatsHolder && parent.key == "list" && !object) return Role::kChatList;
      return Role::kOther;
    }
    if (parent.role == Role::kChatList && object) return Role::kChat;
    if (parent.role == Role::kMessageList && object) return Role::kMessage;
    return Role::kOther;
  }

  void Open(bool object, uint64_t line) {
    if (stack_.empty()) {
      if (seen_document_) {
        error_ = fmt::format("line {}: a second JSON document after the first one", line);
        return;
      }
      seen_document_ = true;
    }
    const Role role = ChildRole(object);
    if (role == Role::kMessage) {
      in_message_ = true;
      depth_ = 1;
      message_.clear();
      message_ += '{';
      message_line_ = line;
      AfterValue();
      return;
    }
    if (role == Role::kChat) chats_.push_back({});
    stack_.push_back({object, object, role, {}});
    if (stack_.size() > kMaxDepth) error_ = fmt::format("line {}: nested deeper than {} levels", line, kMaxDepth);
  }

  void Close(bool object) {
    if (stack_.empty() || stack_.back().object != object) {
      error_ = fmt::format("line {}: a '{}' that closes nothing open (malformed JSON)", context_.source.line_number(),
                           object ? '}' : ']');
      return;
    }
    if (stack_.back().role == Role::kChat) {
      AnnounceChat(chats_.back());
      chats_.pop_back();
    }
    stack_.pop_back();
    AfterValue();
  }

  void AfterValue() {
    if (!stack_.empty() && stack_.back().object) stack_.back().key.clear();
  }

  void EndString() {
    if (!stack_.empty() && stack_.back().object && stack_.back().expect_key) {
      Frame& frame = stack_.back();
      frame.expect_key = false;
      frame.key = Decode(token_);
      return;
    }
    Value(token_);
  }

  // A scalar value (string with quotes, number, literal) of the current key.
  void Value(const std::string& token) {
    if (!stack_.empty() && stack_.back().object && stack_.back().role == Role::kChat) {
      Chat& chat = chats_.back();
      const std::string& key = stack_.back().key;
      if (key == "name") chat.name = Decode(token);
      if (key == "type") chat.type = Decode(token);
      if (key == "id") chat.id_text = Decode(token);
      if (key == "id" || key == "type") {
        chat.actor_id.clear();
        ResolveChat(chat);
      }
    }
    AfterValue();
  }

  // The text of a JSON scalar token ("..." decoded, numbers as written).
  std::string Decode(const std::string& token) {
    if (token.empty() || token[0] != '"') return token;
    if (token.find('\\') == std::string::npos) return token.substr(1, token.size() - 2);
    std::string padded = token;
    padded.append(simdjson::SIMDJSON_PADDING, '\0');
    element e;
    if (small_parser_.parse(padded.data(), token.size(), false).get(e) || e.type() != element_type::STRING) {
      return token.substr(1, token.size() - 2);
    }
    return std::string(e.get_string().value_unsafe());
  }

  void AnnounceChat(Chat& chat) {
    if (chat.announced || chat.actor_id.empty()) return;
    chat.announced = true;
    ActorRecord actor;
    actor.platform = kPlatform;
    actor.id = chat.actor_id;
    actor.type = chat.actor_type;
    actor.name = chat.name;
    if (context_.store.MergeActor(actor) == AddResult::kAdded) ++context_.summary.actors;
  }

  // ---- one message
  void Message() {
    FileSummary& summary = context_.summary;
    ++summary.records;
    if (chats_.empty()) return;  // cannot happen: messages live in a chat
    Chat& chat = chats_.back();
    AnnounceChat(chat);
    std::string_view category;
    std::string reason;
    const int outcome = Parse(chat, category, reason);
    if (outcome < 0) {
      ++summary.quarantined;
      // Line breaks between JSON tokens are only layout: one line per entry.
      std::string raw = message_;
      std::replace(raw.begin(), raw.end(), '\n', ' ');
      context_.quarantine.Add(context_.source.path(), message_line_, raw, category, reason);
    } else if (outcome > 0) {
      ++summary.used;
    }
  }

  static std::string_view Str(const element& object, std::string_view key) {
    element e;
    if (object.at_key(key).get(e) || e.type() != element_type::STRING) return {};
    return e.get_string().value_unsafe();
  }

  // A key holding a string or an integer, as text ("" when absent).
  std::string_view IdText(const element& object, std::string_view key, char* buffer, size_t size) {
    element e;
    if (object.at_key(key).get(e)) return {};
    if (e.type() == element_type::STRING) return e.get_string().value_unsafe();
    if (e.type() == element_type::INT64 || e.type() == element_type::UINT64) {
      const auto r = e.type() == element_type::INT64 ? std::to_chars(buffer, buffer + size, e.get_int64().value_unsafe())
                                                     : std::to_chars(buffer, buffer + size, e.get_uint64().value_unsafe());
      return {buffer, static_cast<size_t>(r.ptr - buffer)};
    }
    return {};
  }

  // 1 used, 0 skipped, -1 bad (category/reason set).
  int Parse(Chat& chat, std::string_view& category, std::string& reason) {
    padded_.assign(message_);
    padded_.append(simdjson::SIMDJSON_PADDING, '\0');
    element m;
    if (const auto error = parser_.parse(padded_.data(), message_.size(), false).get(m)) {
      category = bad_line::kInvalidJson;
      reason = fmt::format("invalid JSON in a message: {}", simdjson::error_message(error));
      return -1;
    }
    const std::string_view type = Str(m, "type");
    if (type == "service") {
      context_.Skip("service message (join, pin, title change ...)");
      return 0;
    }
    if (!type.empty() && type != "message") {
      context_.Skip(fmt::format("message of type \"{}\"", type.substr(0, 40)));
      return 0;
    }
    char id_buffer[24], reply_buffer[24];
    const std::string_view id = IdText(m, "id", id_buffer, sizeof id_buffer);
    if (id.empty()) {
      category = bad_line::kMissingField;
      reason = "a message without \"id\"";
      return -1;
    }
    if (chat.actor_id.empty() && !chat.personal) {
      category = bad_line::kMissingField;
      reason = "a message of a chat whose \"id\" and \"type\" are not given before its messages";
      return -1;
    }
    const std::string chat_key = chat.actor_id.empty() ? "saved" : chat.actor_id;
    PostRecord post;
    post.platform = kPlatform;
    const std::string post_id = fmt::format("{}/{}", chat_key, id);
    post.id = post_id;
    // Time: date_unixtime (newer exports) is exact; `date` is the exporting
    // computer's local time without a zone, read as UTC.
    const std::string_view unixtime = Str(m, "date_unixtime");
    std::optional<Time> time;
    if (!unixtime.empty()) time = ParseTime(unixtime, TimeFormat{TimeFormat::Kind::kEpoch, {}, 0});
    if (!time) {
      const std::string_view date = Str(m, "date");
      if (date.empty() && unixtime.empty()) {
        category = bad_line::kMissingField;
        reason = fmt::format("message {}: no \"date\" or \"date_unixtime\"", id);
        return -1;
      }
      time = ParseTime(date, TimeFormat{});
      if (!time) {
        category = bad_line::kBadTimestamp;
        reason = fmt::format("message {}: \"date\" is not a time: {}", id, Snippet(date.empty() ? unixtime : date));
        return -1;
      }
    }
    post.time = *time;
    char from_buffer[24];
    std::string_view from_id = IdText(m, "from_id", from_buffer, sizeof from_buffer);
    std::string from_storage;
    if (!from_id.empty() && std::all_of(from_id.begin(), from_id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      from_storage = fmt::format("user{}", from_id);  // old exports: a bare number
      from_id = from_storage;
    }
    if (from_id.empty()) {
      if (chat.actor_type == ActorType::kChannel && !chat.actor_id.empty()) {
        from_id = chat.actor_id;  // a channel post signed by the channel
      } else {
        category = bad_line::kMissingField;
        reason = fmt::format("message {}: no \"from_id\" (who wrote it)", id);
        return -1;
      }
    }
    post.actor = from_id;
    if (!chat.personal && chat.actor_id != from_id) post.in = chat.actor_id;
    const std::string_view reply_to = IdText(m, "reply_to_message_id", reply_buffer, sizeof reply_buffer);
    std::string parent;
    if (!reply_to.empty()) {
      char peer_buffer[24];
      const std::string_view peer = IdText(m, "reply_to_peer_id", peer_buffer, sizeof peer_buffer);
      parent = fmt::format("{}/{}", peer.empty() ? std::string_view(chat_key) : peer, reply_to);
      post.type = PostType::kReply;
      post.parent = parent;
    }
    std::string text;
    std::vector<std::string> links;
    Text(m, text, links);
    post.text = text;
    ExtractEntities(post.text, &post.urls, &post.hashtags, &post.mentions);
    for (const std::string& link : links) post.urls.push_back(link);
    if (context_.store.AddPost(post) == AddResult::kDuplicate) {
      category = bad_line::kDuplicateId;
      reason = fmt::format("duplicate id: message {} of chat {} was read before", id, chat_key);
      return -1;
    }
    ++context_.summary.posts;
    ActorRecord author;
    author.platform = kPlatform;
    author.id = from_id;
    author.name = Str(m, "from");
    if (from_id.starts_with("channel")) author.type = ActorType::kChannel;
    if (context_.store.MergeActor(author) == AddResult::kAdded) ++context_.summary.actors;
    return 1;
  }

  // `text` is a string or an array of strings and {type, text, href} pieces.
  static void Text(const element& m, std::string& text, std::vector<std::string>& links) {
    element t;
    if (m.at_key("text").get(t)) return;
    if (t.type() == element_type::STRING) {
      text = t.get_string().value_unsafe();
      return;
    }
    if (t.type() != element_type::ARRAY) return;
    for (const element piece : Items(t)) {
      if (piece.type() == element_type::STRING) {
        text += piece.get_string().value_unsafe();
      } else if (piece.type() == element_type::OBJECT) {
        text += Str(piece, "text");
        const std::string_view href = Str(piece, "href");
        if (!href.empty()) links.emplace_back(href);
      }
    }
  }

  static constexpr size_t kMaxDepth = 256;
  static constexpr size_t kMaxMessageBytes = size_t{64} << 20;

  ReadContext& context_;
  std::vector<Frame> stack_;
  std::vector<Chat> chats_;
  std::string token_;
  bool in_string_ = false, escape_ = false, in_scalar_ = false;
  bool in_message_ = false;
  bool seen_document_ = false;
  size_t depth_ = 0;
  std::string message_;
  uint64_t message_line_ = 0;
  std::string padded_;
  simdjson::dom::parser parser_, small_parser_;
  std::string error_;
};

class TelegramJson final : public Format {
 public:
  std::string_view name() const override { return "telegram-json"; }
  std::string_view description() const override {
    return "Telegram Desktop JSON export (result.json): one chat, or a whole account with chats.list";
  }

  int Sniff(std::string_view /*path*/, std::string_view head) const override {
    const size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || head[start] != '{') return 0;
    // Pretty-printed: the keys sit on lines of their own, before any message.
    const bool chat = head.find("\"messages\"") != std::string_view::npos &&
                      head.find("\"type\"") != std::string_view::npos &&
                      (head.find("_chat\"") != std::string_view::npos ||
                       head.find("_channel\"") != std::string_view::npos ||
                       head.find("_group\"") != std::string_view::npos ||
                       head.find("_supergroup\"") != std::string_view::npos ||
                       head.find("\"saved_messages\"") != std::string_view::npos);
    const bool account = head.find("\"personal_information\"") != std::string_view::npos ||
                         (head.find("\"chats\"") != std::string_view::npos &&
                          head.find("\"list\"") != std::string_view::npos);
    return chat || account ? 95 : 0;
  }

  void Read(ReadContext& context) const override { TelegramReader(context).Read(); }
};

}  // namespace

const Format& TelegramJsonFormat() {
  static const TelegramJson kFormat;
  return kFormat;
}

}  // namespace unmask
