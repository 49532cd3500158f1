# The HTML report draws its charts with Vega-Lite through vega-embed. Their minified builds from
# node_modules (installed by `npm ci`, see package.json) are compiled into the binary, so a
# report.html opens offline and build/hippo needs no node_modules at run time.
# Defines HIPPO_CHART_JS_CPP: the generated source to add to hippo_lib.
set(HIPPO_CHART_PACKAGES vega vega-lite vega-embed)
set(HIPPO_CHART_JS_FILES "")
foreach(pkg ${HIPPO_CHART_PACKAGES})
  set(js ${PROJECT_SOURCE_DIR}/node_modules/${pkg}/build/${pkg}.min.js)
  if(NOT EXISTS ${js})
    message(FATAL_ERROR
      "hippo: ${js} is missing. The HTML report inlines the npm package '${pkg}' at build time: "
      "run `npm ci` in ${PROJECT_SOURCE_DIR} (scripts/setup.sh and `make build` do it).")
  endif()
  list(APPEND HIPPO_CHART_JS_FILES ${js} ${PROJECT_SOURCE_DIR}/node_modules/${pkg}/package.json)
endforeach()

set(HIPPO_CHART_JS_CPP ${PROJECT_BINARY_DIR}/generated/chart_library.cpp)
string(REPLACE ";" "|" HIPPO_CHART_PACKAGES_ARG "${HIPPO_CHART_PACKAGES}")
add_custom_command(
  OUTPUT ${HIPPO_CHART_JS_CPP}
  COMMAND ${CMAKE_COMMAND} -DOUT=${HIPPO_CHART_JS_CPP} -DROOT=${PROJECT_SOURCE_DIR}/node_modules
          "-DPACKAGES=${HIPPO_CHART_PACKAGES_ARG}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_chart_js.cmake
  DEPENDS ${HIPPO_CHART_JS_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_chart_js.cmake
  COMMENT "Embedding the chart library (vega, vega-lite, vega-embed) into the binary"
  VERBATIM)
