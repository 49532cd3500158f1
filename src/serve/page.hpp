// The what-if page (GET /): one HTML document in the report's shell (style, the chart library
// inlined: no network), whose script asks the API for everything it shows — the keys, the results
// and the report's chart specs — so that the page and `hippo run --json` cannot disagree.
#pragma once
#include <string>
#include <string_view>

#include "serve/request.hpp"

namespace hippo::serve {

// The page, opening on `options.scenario` (the URL's ?scenario= and overrides take precedence).
std::string page_html(const Options& options);

// The page's script (page_script.cpp).
std::string_view page_script();

}  // namespace hippo::serve
