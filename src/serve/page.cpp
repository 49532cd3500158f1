#include "serve/page.hpp"

#include <nlohmann/json.hpp>

#include "report/html_report.hpp"

namespace hippo::serve {

namespace {

// What the page adds to the report's style: the key panel beside the charts, variant columns,
// the progress of the long jobs.
const char* kStyle = R"css(<style>
.layout { display:grid; grid-template-columns:minmax(340px,420px) 1fr; gap:16px; align-items:start; }
.toolbar { display:flex; flex-wrap:wrap; gap:8px; align-items:center; margin:8px 0 4px; }
.toolbar button, .toolbar select, .toolbar label.button { font:inherit; padding:5px 10px; border:1px solid var(--line); border-radius:6px; background:#fff; cursor:pointer; }
.toolbar button.active { background:#1f2933; color:#fff; }
#keys { max-height:calc(100vh - 60px); overflow:auto; position:sticky; top:8px; }
#keys details { border-bottom:1px solid var(--line); padding:4px 0; }
#keys summary { font-weight:650; cursor:pointer; padding:4px 0; }
.key { padding:6px 0 8px; border-top:1px dashed var(--line); }
.key .name { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:12px; }
.key.changed .name { color:#b45309; font-weight:700; }
.key.bad { background:#fdecea; }
.key .row { display:flex; gap:8px; align-items:center; }
.key input[type=range] { flex:1; min-width:0; }
.key input[type=number] { width:110px; font:inherit; font-size:12.5px; }
.key .meta { color:var(--muted); font-size:11.5px; }
.key .source { color:var(--muted); font-size:11.5px; font-style:italic; }
#error { display:none; background:#fdecea; color:var(--bad); border:1px solid #f5c2c0; border-radius:8px; padding:8px 12px; margin:8px 0; }
#status { color:var(--muted); font-size:12px; min-height:16px; }
table.variants td, table.variants th { text-align:right; }
table.variants th:first-child { text-align:left; }
#uncertainty progress { width:240px; }
#uncertainty .charts { margin-top:10px; }
@media (max-width:1100px) { .layout { grid-template-columns:1fr; } #keys { max-height:none; position:static; } }
</style>
)css";

const char* kBody = R"html(<header><div class="eyebrow">hippo what-if</div><h1 id="title">hippo</h1><p id="subtitle"></p>
<div class="toolbar">
  <select id="scenario-select" title="A shipped scenario"></select>
  <label class="button" title="Open a scenario file (YAML)">Upload YAML<input id="upload" type="file" accept=".yaml,.yml,text/yaml" hidden></label>
  <button id="download" title="The scenario with this what-if written in">Download YAML</button>
  <button id="reset" title="Every key back to the scenario's value">Reset</button>
  <span id="variant-tabs"></span>
  <button id="add-variant" title="Another what-if beside this one (up to 3)">+ variant</button>
  <button id="remove-variant" title="Remove this variant">− variant</button>
  <span id="status" role="status"></span>
</div>
<div id="error" role="alert"></div>
</header>
<main>
<section class="figures" id="figures"></section>
<section class="card" id="variants-card" hidden><h2>Variants side by side</h2><table class="variants" id="variants"></table></section>
<div class="layout">
  <aside class="card" id="keys"><h2>Assumptions</h2><p class="note">Every numeric key of the scenario, by section: drag or type; changed keys go into the link.</p><div id="key-list"></div></aside>
  <div>
    <section class="charts" id="charts"></section>
    <section class="card" id="uncertainty" style="margin-top:16px"><h2>Uncertainty</h2>
      <p class="note">Over the scenario's uncertain inputs, with this what-if's values.</p>
      <div class="toolbar">
        <button id="run-sensitivity">Sensitivity</button>
        <label>samples <input id="samples" type="number" value="1000" min="1" max="100000" style="width:90px"></label>
        <button id="run-montecarlo">Monte Carlo</button>
        <progress id="progress" max="1" value="0" hidden></progress>
        <button id="stop" hidden>Stop</button>
        <span id="uncertainty-status"></span>
      </div>
      <div id="uncertainty-result"></div>
      <section class="charts" id="uncertainty-charts"></section>
    </section>
  </div>
</div>
</main>
)html";

// JSON inside <script>: "<" escaped so that nothing in it can close the element.
std::string script_json(const nlohmann::json& j) {
  std::string out;
  for (char c : json_text(j)) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return out;
}

}  // namespace

std::string page_html(const Options& options) {
  std::string out = report::html_head("hippo what-if");
  out += kStyle;
  out += kBody;
  const nlohmann::json boot = {{"scenario", options.scenario}, {"max_variants", 3}, {"max_samples", options.limits.samples}};
  out += "<script type=\"application/json\" id=\"hippo-boot\">" + script_json(boot) + "</script>\n";
  out += "<script>\nconst HIPPO_CHART_CONFIG = " + std::string(report::chart_config_js()) + ";\n" + std::string(page_script()) +
         "\n</script>\n";
  return out + "<footer>hippo serve: every figure is computed by the API (docs/serve.md), the charts are the report's.</footer>\n</body>\n</html>\n";
}

}  // namespace hippo::serve
