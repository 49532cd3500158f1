#include "util/atomic_file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "hippo/errors.hpp"

namespace hippo::util {

namespace {

// Writes `content` to a temporary file beside `path` and returns its name.
std::filesystem::path write_temporary(const std::filesystem::path& path, std::string_view content) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  if (ec) throw InputError({path.string(), 0, ""}, "cannot create folder: " + ec.message());
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError({path.string(), 0, ""}, "cannot write file");
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.flush();
  if (!out) {
    out.close();
    fs::remove(tmp, ec);
    throw InputError({path.string(), 0, ""}, "cannot write file (disk full?)");
  }
  return tmp;
}

void remove_all(const std::vector<std::filesystem::path>& files) {
  std::error_code ignore;
  for (const auto& f : files) std::filesystem::remove(f, ignore);
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  write_files_atomic({{path, std::string(content)}});
}

void write_files_atomic(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
  std::vector<std::filesystem::path> temporaries;
  try {
    for (const auto& [path, content] : files) temporaries.push_back(write_temporary(path, content));
  } catch (...) {
    remove_all(temporaries);
    throw;
  }
  // A rename beside its temporary fails in practice only onto a folder: refused before any is done.
  for (const auto& [path, content] : files) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      remove_all(temporaries);
      throw InputError({path.string(), 0, ""}, "cannot write file: " + std::make_error_code(std::errc::is_a_directory).message());
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    std::filesystem::rename(temporaries[i], files[i].first, ec);
    if (ec) {
      remove_all({temporaries.begin() + static_cast<std::ptrdiff_t>(i), temporaries.end()});
      throw InputError({files[i].first.string(), 0, ""}, "cannot write file: " + ec.message());
    }
  }
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path.string(), 0, ""}, "cannot read file (does it exist?)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace hippo::util
