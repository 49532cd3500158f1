#include "util/atomic_file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "hippo/errors.hpp"

namespace hippo::util {

namespace {

// Has `write` fill a temporary file beside `path` and returns its name; removes it if `write` throws.
std::filesystem::path write_temporary(const std::filesystem::path& path,
                                      const std::function<void(const std::filesystem::path&)>& write) {
  namespace fs = std::filesystem;
  check_output_path(path, {}, "");
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  if (ec) throw InputError({path.string(), 0, ""}, "cannot create folder: " + ec.message());
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  try {
    write(tmp);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  return tmp;
}

// Writes `content` (the bytes of `path`) to its temporary `tmp`.
void write_bytes(const std::filesystem::path& path, std::string_view content, const std::filesystem::path& tmp) {
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError({path.string(), 0, ""}, "cannot write file");
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.flush();
  out.close();  // checked too: a close can be where a full disk shows
  if (!out) throw InputError({path.string(), 0, ""}, "cannot write file (disk full?)");
}

void remove_all(const std::vector<std::filesystem::path>& files) {
  std::error_code ignore;
  for (const auto& f : files) std::filesystem::remove(f, ignore);
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  write_files_atomic({FileWriter{path, [&](const std::filesystem::path& tmp) { write_bytes(path, content, tmp); }}});
}

FileWriter file_with(const std::filesystem::path& path, std::string content) {
  return {path, [path, content = std::move(content)](const std::filesystem::path& tmp) { write_bytes(path, content, tmp); }};
}

void write_files_atomic(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
  std::vector<FileWriter> writers;
  for (const auto& file : files)  // not a structured binding: clang 14 (the fuzz build) cannot capture one
    writers.push_back({file.first, [&file](const std::filesystem::path& tmp) { write_bytes(file.first, file.second, tmp); }});
  write_files_atomic(writers);
}

void write_files_atomic(const std::vector<FileWriter>& files) {
  std::vector<std::filesystem::path> temporaries;
  try {
    for (const auto& f : files) temporaries.push_back(write_temporary(f.path, f.write));
  } catch (...) {
    remove_all(temporaries);
    throw;
  }
  // A rename beside its temporary fails in practice only onto a folder: refused before any is done.
  for (const auto& f : files) {
    std::error_code ec;
    if (std::filesystem::is_directory(f.path, ec)) {
      remove_all(temporaries);
      throw InputError({f.path.string(), 0, ""}, "cannot write file: " + std::make_error_code(std::errc::is_a_directory).message());
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    std::filesystem::rename(temporaries[i], files[i].path, ec);
    if (ec) {
      remove_all({temporaries.begin() + static_cast<std::ptrdiff_t>(i), temporaries.end()});
      throw InputError({files[i].path.string(), 0, ""}, "cannot write file: " + ec.message());
    }
  }
}

std::string file_kind(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  switch (fs::status(path, ec).type()) {
    case fs::file_type::regular: return "a regular file";
    case fs::file_type::directory: return "a folder";
    case fs::file_type::character:
    case fs::file_type::block: return "a device";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::not_found: return "nothing";
    default: return "something that is not a file";
  }
}

void require_input_file(const std::filesystem::path& path, const std::string& key) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return;
  const std::string kind = file_kind(path);
  if (kind == "nothing") throw InputError({path.string(), 0, key}, "cannot read file (does it exist?)");
  throw InputError({path.string(), 0, key}, "expected a regular file, got " + kind);
}

void check_output_path(const std::filesystem::path& path, const std::vector<std::string>& inputs, const std::string& key) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status link = fs::symlink_status(path, ec);
  if (ec || link.type() == fs::file_type::not_found) return;  // nothing there (or no way there: the write says why)
  if (link.type() == fs::file_type::symlink)
    throw InputError({path.string(), 0, key}, "expected a new path or a regular file to replace, got a symbolic link "
                                              "(writing replaces the link itself; give the file it points to)");
  if (link.type() != fs::file_type::regular)
    throw InputError({path.string(), 0, key}, "expected a new path or a regular file to replace, got " + file_kind(path));
  for (const auto& in : inputs)
    if (!in.empty() && fs::equivalent(path, in, ec))
      throw InputError({path.string(), 0, key}, "is also an input of this command (" + in + "); write somewhere else");
}

void check_output_folder(const std::filesystem::path& dir, const std::vector<std::string>& names,
                         const std::vector<std::string>& inputs, const std::string& key) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (!ec && st.type() != fs::file_type::not_found && !fs::is_directory(dir, ec))
    throw InputError({dir.string(), 0, key}, "expected a folder (or a new path) for the output files, got " + file_kind(dir));
  for (const auto& name : names) check_output_path(dir / name, inputs, key);
}

std::string read_text_file(const std::filesystem::path& path) {
  require_input_file(path, "");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path.string(), 0, ""}, "cannot read file (does it exist?)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace hippo::util
