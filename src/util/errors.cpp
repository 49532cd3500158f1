#include "hippo/errors.hpp"

namespace hippo {

std::string format_location(const Location& where, const std::string& message) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += ":" + std::to_string(where.line);
    out += ": ";
  }
  if (!where.key.empty()) out += where.key + ": ";
  return out + message;
}

InputError::InputError(Location where, const std::string& expected)
    : std::runtime_error(format_location(where, expected)), where_(std::move(where)), expected_(expected) {}

}  // namespace hippo
