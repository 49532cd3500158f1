#include "hippo/errors.hpp"

namespace hippo {

std::string one_line(std::string_view text) {
  static const char* const kHex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '\0') out += "\\0";
    else out += std::string("\\x") + kHex[u >> 4] + kHex[u & 15];
  }
  return out;
}

std::string rename_fields(std::string_view text, const std::function<std::string(std::string_view)>& name) {
  auto is_name = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  };
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i + 1;
    if (text[i] == '`')
      while (end < text.size() && is_name(text[end])) ++end;
    if (text[i] == '`' && end > i + 1 && end < text.size() && text[end] == '`') {
      out += name(text.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string plain_fields(std::string_view text) {
  return rename_fields(text, [](std::string_view n) { return std::string(n); });
}

std::string format_location(const Location& where, const std::string& message) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += ":" + std::to_string(where.line);
    out += ": ";
  }
  if (!where.key.empty()) out += where.key + ": ";
  return one_line(out + message);
}

Location locate(const KeyLocator& where, const std::string& key) { return where ? where(key) : Location{"", 0, key}; }

InputError::InputError(Location where, const std::string& expected)
    : std::runtime_error(format_location(where, plain_fields(expected))), where_(std::move(where)), expected_(expected) {}

}  // namespace hippo
