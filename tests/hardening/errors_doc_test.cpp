// docs/errors.md is checked, not trusted: every example command in it is run in a folder holding
// the example files it shows, and must exit 2 with exactly the message printed below it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "hardening/run_many.hpp"

namespace hippo {
namespace {

struct Example {
  int line = 0;  // in docs/errors.md
  std::vector<std::string> args;
  std::string expected;
};

// Splits a command line at spaces; "double quotes" keep spaces in one argument.
std::vector<std::string> split_args(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, any = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur.push_back(c);
      any = true;
    }
  }
  if (any) out.push_back(cur);
  return out;
}

struct ErrorsDoc {
  std::vector<std::pair<std::string, std::string>> files;  // name, content
  std::vector<Example> examples;
};

// ```yaml file=NAME / ```csv file=NAME blocks are files; in ```console blocks a line
// `$ hippo ARGS` is a command and the line after it the message it prints on stderr.
ErrorsDoc read_errors_doc() {
  std::ifstream in(std::string(HIPPO_SOURCE_DIR) + "/docs/errors.md");
  EXPECT_TRUE(in) << "docs/errors.md is missing";
  ErrorsDoc doc;
  std::string line;
  int n = 0;
  enum { text, file, console } mode = text;
  Example* pending = nullptr;
  while (std::getline(in, line)) {
    ++n;
    if (mode == text && line.rfind("```", 0) == 0) {
      const auto at = line.find(" file=");
      if (at != std::string::npos) {
        doc.files.emplace_back(line.substr(at + 6), "");
        mode = file;
      } else if (line == "```console") {
        mode = console;
      }
      continue;
    }
    if (line == "```") {
      mode = text;
      pending = nullptr;
      continue;
    }
    if (mode == file) {
      doc.files.back().second += line + "\n";
    } else if (mode == console && line.rfind("$ hippo", 0) == 0) {
      doc.examples.push_back({n, split_args(line.substr(8)), ""});
      pending = &doc.examples.back();
    } else if (mode == console && pending) {
      pending->expected = line;
      pending = nullptr;
    }
  }
  return doc;
}

// The examples are shared among a few tests, each a ctest entry of a few seconds, so that ctest -j
// spreads them and none approaches the slow tier; together they run every example once.
constexpr int kParts = 4;

class ErrorsDocPart : public ::testing::TestWithParam<int> {};

TEST_P(ErrorsDocPart, EveryExampleGivesItsMessageAndExitTwo) {
  const ErrorsDoc doc = read_errors_doc();
  ASSERT_GE(doc.examples.size(), 100u);
  std::vector<const Example*> mine;
  for (std::size_t i = static_cast<std::size_t>(GetParam()); i < doc.examples.size(); i += kParts)
    mine.push_back(&doc.examples[i]);
  std::vector<std::vector<std::string>> commands;
  for (const auto* ex : mine) commands.push_back(ex->args);
  const auto results = test::run_many(commands, [&] {
    const std::string dir = test::temp_dir();
    for (const auto& [name, content] : doc.files) test::write_file(dir, name, content);
    return dir;
  });
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& ex = *mine[i];
    EXPECT_EQ(results[i].status, 2) << "docs/errors.md:" << ex.line;
    EXPECT_EQ(results[i].err, ex.expected + "\n") << "docs/errors.md:" << ex.line;
    EXPECT_EQ(results[i].out, "") << "docs/errors.md:" << ex.line;
  }
}

INSTANTIATE_TEST_SUITE_P(ErrorsDoc, ErrorsDocPart, ::testing::Range(0, kParts));

}  // namespace
}  // namespace hippo
