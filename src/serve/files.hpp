// What hippo serve may read: the shipped scenarios (compiled in), and only with --allow-files DIR
// the scenario files in DIR and the files they name (catalog files, model configs, traces) when
// those lie in DIR too. Anything else is refused before any file is opened.
#pragma once
#include <string>

#include "hippo/app.hpp"
#include "serve/request.hpp"

namespace hippo::serve {

// A request that would read a file it may not: HTTP 403 (an InputError, so a front end that does
// not tell them apart still reports it as bad input).
struct FileRefused : InputError {
  using InputError::InputError;
};

// The scenario called `name` in a request's `field`: a shipped one, or under --allow-files a file
// given relative to DIR. Never a file in the server's working folder that happens to share a name.
app::ScenarioSource named_source(const std::string& name, const std::string& field, const Options& options,
                                 const Catalog& catalog);

// YAML text from a request (or from a file of DIR, `file` its path): refused when it names a file
// outside DIR, or any file without --allow-files. Relative paths resolve beside `file` (DIR for text).
app::ScenarioSource text_source(const std::string& yaml, const std::string& field, const Options& options,
                                const std::string& file = "");

// An override that names a file (a trace, a model config): with --allow-files, an absolute path in
// DIR; refused otherwise.
void check_override_files(const app::Override& o, const Options& options);

}  // namespace hippo::serve
