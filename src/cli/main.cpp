// hippo's entry point: parses the command line, runs one command, and turns errors into one
// line on stderr with exit status 2 (bad input), 130 (interrupted) or 1 (anything else).
#include <cerrno>
#include <iostream>

#include "cli/app.hpp"
#include "cli/exit_status.hpp"
#include "hippo/errors.hpp"
#include "uncertainty/comm.hpp"

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
    std::cerr << "hippo: " << hippo::one_line(e.what()) << " (see hippo --help)\n";
    return 2;
  }
  try {
    const Catalog catalog = load_builtin_catalog();
    cli::Context ctx{catalog, std::cout, std::cerr};
    (chosen ? chosen : cli::default_action())(ctx);
    // The result is only delivered once it is out: a full disk or a closed pipe behind stdout
    // (`> /dev/full`) is a failure, not a success with nothing printed. print() checks each
    // write as it happens (its errno is the reason); this is the last flush.
    errno = 0;
    cli::check_written(std::cout);
    return 0;
  } catch (const uncertainty::ReportedByRankZero& e) {
    return cli::exit_status(e.error, nullptr);  // under mpirun: the same status, and rank 0 says why
  } catch (...) {
    return cli::exit_status(std::current_exception(), &std::cerr);
  }
}
