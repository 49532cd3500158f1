#include "convert.hpp"

#include <cmath>

namespace hippo::python {

namespace py = pybind11;

namespace {

template <class Json>
py::object convert(const Json& j) {
  using T = typename Json::value_t;
  switch (j.type()) {
    case T::boolean: return py::bool_(j.template get<bool>());
    case T::number_integer: return py::int_(j.template get<std::int64_t>());
    case T::number_unsigned: return py::int_(j.template get<std::uint64_t>());
    case T::number_float: {
      const double v = j.template get<double>();
      return std::isfinite(v) ? py::object(py::float_(v)) : py::none();
    }
    case T::string: return py::str(j.template get_ref<const std::string&>());
    case T::array: {
      py::list out(j.size());
      std::size_t i = 0;
      for (const auto& v : j) out[i++] = convert(v);
      return out;
    }
    case T::object: {
      py::dict out;
      for (auto it = j.begin(); it != j.end(); ++it) out[py::str(it.key())] = convert(it.value());
      return out;
    }
    default: return py::none();  // null, and the binary and discarded kinds hippo never makes
  }
}

}  // namespace

py::object to_python(const nlohmann::json& j) { return convert(j); }
py::object to_python(const nlohmann::ordered_json& j) { return convert(j); }

}  // namespace hippo::python
