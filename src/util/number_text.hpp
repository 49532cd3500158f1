// Strict reading of numbers typed by a user (flags, --set values): decimal only. Parsers accept
// more than a user means — strtoll reads "0x10" as 16 and "010" as 8, strtoull wraps "-1" to
// 18446744073709551615, strtoll saturates "99999999999999999999" silently, strtod reads "0x1p3",
// "nan" and "1e999" (inf) — so every number is checked here before it is converted.
#pragma once
#include <string>

namespace hippo::util {

enum class NumberKind { integer, unsigned_integer, real };

// Empty when `text` is a plain decimal number of that kind within its type's range (integer:
// std::int64_t, unsigned_integer: std::uint64_t, real: a finite double); else what was expected,
// ending in ", got '<text>'". A whole number may be written in exponent form ("1e7", exact up to
// 2^53); for the integer kinds `text` is then rewritten in plain digits, without leading zeros,
// so that a converter reading "010" as octal reads it as 10.
std::string number_text_problem(std::string& text, NumberKind kind);

// `v` as printf's %g writes it (6 significant digits: "0.01", "1e+06"): how messages and comments
// show a bound or a value.
std::string format_g(double v);

}  // namespace hippo::util
