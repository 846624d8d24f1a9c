#pragma once
// Mapping files: a small declarative JSON file that says which column of a
// CSV file, or which JSON path of a JSON Lines file, holds which field of the
// model (docs/formats/mapping.md). Most built-in table adapters are mapping
// files themselves (src/unmask/ingest/mappings/*.json, compiled in), so users
// can copy one and adapt it to "any other platform" without writing code.
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "unmask/core/status.hpp"
#include "unmask/ingest/format.hpp"

namespace unmask {

/// Parses a mapping from its JSON text. `origin` (a path, or "built-in
/// mapping X") starts every error message, which also names the JSON
/// location at fault, e.g. `reddit.json: records[0].fields.time: unknown time
/// format "iso"`. Unknown keys are errors (they are usually typos).
Result<std::unique_ptr<Format>> LoadMapping(std::string_view json_text, std::string_view origin);

/// Reads and parses a mapping file.
Result<std::unique_ptr<Format>> LoadMappingFile(const std::string& path);

/// The mappings compiled into the binary, in a fixed order.
std::span<const Format* const> BuiltinMappings();

/// The JSON text of a built-in mapping (for `unmask formats --show`), or ""
/// when there is none by that name.
std::string_view BuiltinMappingText(std::string_view name);

}  // namespace unmask
