#pragma once
// Telegram Desktop JSON exports (docs/formats/telegram.md): one chat
// (`result.json` of "Export chat history": {name, type, id, messages:[...]})
// or a whole account ("Export Telegram data": chats wrapped in
// `chats.list` and `left_chats.list`).
//
// The file is one JSON document, usually pretty-printed, not lines. It is
// read as a stream: a small scanner follows the nesting and cuts out each
// message object, which is then parsed on its own (simdjson DOM). Memory is
// the largest message, not the file; a truncated export keeps every message
// before the cut and says where it ends; a message that is not valid JSON or
// lacks its id or date is quarantined with its line.
#include "unmask/ingest/format.hpp"

namespace unmask {

const Format& TelegramJsonFormat();

}  // namespace unmask
