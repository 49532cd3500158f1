// JSON documents (what the CLI's --json prints) as Python objects, so that a result's to_dict()
// equals json.loads of the CLI's output: objects → dict, arrays → list, integers → int, other
// numbers → float, a non-finite number → None (nlohmann writes null for it).
#pragma once
#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

namespace hippo::python {

pybind11::object to_python(const nlohmann::json& j);
pybind11::object to_python(const nlohmann::ordered_json& j);

}  // namespace hippo::python
