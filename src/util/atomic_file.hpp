// Every output file is written whole or not at all: to a temporary file beside it, then renamed.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hippo::util {

// Writes `content` to `path` atomically; creates the parent folder. Throws InputError when the
// place cannot be written (a user's --out or --db pointing somewhere impossible), or is not a new
// path or a regular file (check_output_path). Every write and the close are checked.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Several files as a set: all are written to temporaries first, and only then renamed into place
// one after another, so a file that cannot be written leaves every path as it was.
void write_files_atomic(const std::vector<std::pair<std::filesystem::path, std::string>>& files);

// A file of such a set that a library writes itself (libxlsxwriter takes a file name, not bytes):
// `write` is given the temporary path beside `path` and must throw if it cannot write it whole.
struct FileWriter {
  std::filesystem::path path;
  std::function<void(const std::filesystem::path& temporary)> write;
};
void write_files_atomic(const std::vector<FileWriter>& files);
// The FileWriter of a file whose bytes are at hand.
FileWriter file_with(const std::filesystem::path& path, std::string content);

// Reads a whole text file; throws InputError naming the file when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

// Throws InputError naming `path` unless it is a regular file (or a link to one) that exists: a
// folder, a device, a FIFO or a socket is refused before it is opened, since reading one would
// fail half-way, never end, or (a device) have effects. `key` names the flag or key that gave it.
void require_input_file(const std::filesystem::path& path, const std::string& key);

// What is at `path`, in words, for messages: "a folder", "a device", "a FIFO", "a socket", "a
// regular file", "nothing".
std::string file_kind(const std::filesystem::path& path);

// Throws InputError (naming `key`, the flag that gave the path) unless `path` is a new path or an
// existing regular file — not a folder, device, FIFO, socket or symbolic link, which a rename would
// replace (`--db /dev/null` as root replaced the device) — and is none of `inputs` (the scenario
// file a command reads, its traces). write_files_atomic checks every target this way (no inputs).
void check_output_path(const std::filesystem::path& path, const std::vector<std::string>& inputs, const std::string& key);

// check_output_path for each of `names` in folder `dir`, which must be a folder or a new path: for a
// command to check its output set before its work.
void check_output_folder(const std::filesystem::path& dir, const std::vector<std::string>& names,
                         const std::vector<std::string>& inputs, const std::string& key);

}  // namespace hippo::util
