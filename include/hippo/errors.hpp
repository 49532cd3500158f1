// Errors hippo reports to its users. Library code throws; only src/cli turns them into a
// message and an exit status (2 for InputError, 130 for Interrupted, 1 for anything else).
#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hippo {

// Where a bad value came from: a file and line (line 0 when unknown), or a command-line flag
// (file empty, key = the flag).
struct Location {
  std::string file;
  int line = 0;
  std::string key;
};

// Bad input from the user: a scenario, a trace, a flag, an unknown id. Exit status 2.
// `expected` names the fields or keys to change in backquotes ("lower `batch`"): what() writes them
// plainly, and the CLI as the flags that set them ("lower --batch").
class InputError : public std::runtime_error {
 public:
  InputError(Location where, const std::string& expected);
  const Location& where() const { return where_; }
  const std::string& expected() const { return expected_; }

 private:
  Location where_;
  std::string expected_;
};

// The user asked long work to stop (Ctrl-C, SIGTERM). src/cli throws it from the progress
// callbacks it passes down, so library code only lets it unwind (MPI ranks agree on it like on an
// InputError); nothing below src/cli knows about signals. Exit status 130.
struct Interrupted : std::exception {
  const char* what() const noexcept override { return "interrupted"; }
};

// Where the value of a key came from, for a message about it: a scenario's file and line, the
// override that set it, or (the default) just the key. Lower layers name keys; their callers, who
// know where the values came from, pass one of these.
using KeyLocator = std::function<Location(const std::string& key)>;
Location locate(const KeyLocator& where, const std::string& key);

// Formats "file:line: key: message" leaving out the parts that are empty; through one_line, so a
// file name or value holding a newline or NUL cannot break the one-line rule of messages.
std::string format_location(const Location& where, const std::string& message);

// `text` with each backquoted name (letters, digits, '_', '.') replaced by name(it): the one
// place where a message's marked fields are rewritten.
std::string rename_fields(std::string_view text, const std::function<std::string(std::string_view)>& name);
// ... and written plainly, without the backquotes.
std::string plain_fields(std::string_view text);

// `text` with control characters escaped (\n, \r, \t, \0, \xNN; a backslash stays as it is):
// what hippo prints on its one line of stderr. UTF-8 passes through.
std::string one_line(std::string_view text);

}  // namespace hippo
