// The chart library of the HTML report (vega, vega-lite, vega-embed), compiled into the binary
// from node_modules by cmake/embed_chart_js.cmake.
#pragma once
#include <span>
#include <string_view>

namespace hippo::report {

struct ChartScript {
  std::string_view package;  // npm package name
  std::string_view version;
  std::string_view code;     // minified JavaScript, to inline in a <script> element
};

// In load order: each script needs the ones before it.
std::span<const ChartScript> chart_scripts();

}  // namespace hippo::report
