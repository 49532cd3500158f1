// Every output file is written whole or not at all: to a temporary file beside it, then renamed.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hippo::util {

// Writes `content` to `path` atomically; creates the parent folder. Throws InputError when the
// place cannot be written (a user's --out or --db pointing somewhere impossible).
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Several files as a set: all are written to temporaries first, and only then renamed into place
// one after another, so a file that cannot be written leaves every path as it was.
void write_files_atomic(const std::vector<std::pair<std::filesystem::path, std::string>>& files);

// Reads a whole text file; throws InputError naming the file when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace hippo::util
