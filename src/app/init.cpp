// `init`: a commented scenario file to start from.
#include "hippo/app.hpp"
#include "scenario/template.hpp"
#include "util/atomic_file.hpp"

namespace hippo::app {

std::string init_scenario(const std::string& from, const Catalog& catalog) {
  // Loaded first, so that the text is checked (a file of the user's may be a template's origin too).
  const Scenario s = ::hippo::load_scenario(from, catalog);
  const std::string text = s.file.rfind("<builtin>/", 0) == 0 ? catalog.scenario_text(from) : util::read_text_file(s.file);
  return scenario::scenario_template(text, s.file, from);
}

}  // namespace hippo::app
