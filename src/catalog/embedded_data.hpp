// The files of data/, compiled in by cmake/embed_data.cmake.
#pragma once
#include <span>
#include <string_view>

namespace hippo::data {

struct EmbeddedFile {
  std::string_view path;     // relative to data/, e.g. "gpus.yaml", "scenarios/default.yaml"
  std::string_view content;
};

std::span<const EmbeddedFile> embedded_files();

}  // namespace hippo::data
