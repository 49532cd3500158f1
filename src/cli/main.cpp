// hippo's entry point: parses the command line, runs one command, and turns errors into one
// line on stderr with exit status 2 (bad input) or 1 (anything else).
#include <iostream>

#include "cli/app.hpp"
#include "cli/interrupt.hpp"
#include "hippo/errors.hpp"

int main(int argc, char** argv) {
  using namespace hippo;
  CLI::App app;
  cli::Action chosen;
  cli::build_app(app, chosen);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "hippo: " << e.what() << " (see hippo --help)\n";
    return 2;
  }
  try {
    const Catalog catalog = load_builtin_catalog();
    cli::Context ctx{catalog, std::cout, std::cerr};
    (chosen ? chosen : cli::default_action())(ctx);
    std::cout.flush();
    return 0;
  } catch (const InputError& e) {
    std::cerr << "hippo: " << e.what() << "\n";
    return 2;
  } catch (const cli::Interrupted&) {
    std::cerr << "hippo: interrupted\n";
    return 130;
  } catch (const std::exception& e) {
    std::cerr << "hippo: internal error: " << e.what() << "\n";
    return 1;
  }
}
