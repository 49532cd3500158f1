// Every output file is written whole or not at all: to a temporary file beside it, then renamed.
#pragma once
#include <filesystem>
#include <string_view>

namespace hippo::util {

// Writes `content` to `path` atomically; creates the parent folder. Throws InputError when the
// place cannot be written (a user's --out or --db pointing somewhere impossible).
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Reads a whole text file; throws InputError naming the file when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace hippo::util
