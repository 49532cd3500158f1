// "Did you mean": the closest known name to a misspelt one.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace hippo::util {

// Levenshtein distance between two strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate when it is close enough to be a plausible typo, else "".
std::string closest(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or " (known: a, b, c)" when nothing is close; for error messages.
std::string suggestion_suffix(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace hippo::util
