#pragma once
// Twitter API v2 JSON Lines as twarc2 writes them (docs/formats/twarc2.md):
// either one API response per line ({data:[tweets], includes:{users, tweets},
// meta, __twarc}) or, after `twarc2 flatten`, one tweet per line with its
// `author` and expanded `referenced_tweets` inline. Both may be mixed.
#include "unmask/ingest/format.hpp"

namespace unmask {

const Format& Twarc2JsonlFormat();

}  // namespace unmask
