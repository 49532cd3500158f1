"""Units of the columns hippo's DataFrames hold (``df.attrs["units"]``).

Field names carry their units where they are not money (design.md: ``step_time_s``,
``price_usd_per_mtok``); money is in the scenario's currency."""

# The monthly P&L's columns that are not money; every other one is in the scenario's currency.
_MONTHLY = {
    "month": "month",
    "users": "users",
    "paying_users": "users",
    "requests": "requests",
    "tokens": "tokens",
    "api_tokens": "tokens",
    "unserved_tokens": "tokens",
    "gpus": "GPUs",
    "gpus_owned": "GPUs",
    "gpus_rented": "GPUs",
    "gpus_needed": "GPUs",
    "utilisation": "fraction",
    "unserved_share": "fraction",
}
_MONTHLY_MONEY = {
    "capex", "capex_gpus", "capex_facility", "capex_training", "resale",
    "depreciation", "depreciation_gpus", "depreciation_facility", "amortisation_training",
    "power", "facility", "staff", "other_opex", "rental", "other_fixed", "tax",
    "revenue", "revenue_subscriptions", "revenue_api", "revenue_licences", "revenue_ads", "revenue_lost",
    "operating_profit", "cash_flow", "cumulative_cash",
}


def monthly(columns, currency):
    """{column: unit} for the monthly table; None for a column this table does not know (a test
    fails on it, so a new column gets its unit here)."""
    return {c: currency if c in _MONTHLY_MONEY else _MONTHLY.get(c) for c in columns}


# Name endings and the unit they stand for, longest first (catalog, perf, simulate, plan).
_SUFFIXES = [
    ("_usd_per_gpu_hour", "USD/GPU-hour"),
    ("_usd_per_mtok", "USD/Mtok"),
    ("_tok_s_per_gpu", "tokens/s per GPU"),
    ("_req_s_per_replica", "requests/s per replica"),
    ("_bytes_per_token_bf16", "bytes/token"),
    ("_bytes_per_token", "bytes/token"),
    ("_bytes_per_gpu", "bytes per GPU"),
    ("_per_hour", "per hour"),
    ("_tokens", "tokens"),
    ("_tflops", "TFLOP/s"),
    ("_tops", "TOP/s"),
    ("_tb_s", "TB/s"),
    ("_gb_s", "GB/s"),
    ("_tok_s", "tokens/s"),
    ("_req_s", "requests/s"),
    ("_per_s", "per s"),
    ("_gb", "GB"),
    ("_usd", "USD"),
    ("_w", "W"),
    ("_s", "s"),
]


def by_name(columns):
    """{column: unit} from what each name ends with; "" where the name says none (a count, an id)."""
    out = {}
    for c in columns:
        out[c] = next((u for suffix, u in _SUFFIXES if str(c).endswith(suffix)), "")
    return out


# The summary of a run (compare's rows; the top of results.json), fleet keys flattened as fleet.*.
_SUMMARY = {
    "currency": "", "description": "", "scenario": "",
    "horizon_months": "months", "breakeven_month": "month", "payback_month": "month",
    "irr_annual": "fraction per year", "gross_margin": "fraction",
    "tokens_total": "tokens", "unserved_tokens_total": "tokens",
    "fleet.gpus_peak": "GPUs", "fleet.gpus_owned_peak": "GPUs", "fleet.gpus_rented_peak": "GPUs",
    "fleet.gpus_per_replica": "GPUs", "fleet.servers_bought": "servers", "fleet.mean_utilisation": "fraction",
    "fleet.requests_per_s_per_replica": "requests/s per replica",
    "fleet.model": "", "fleet.gpu": "", "fleet.procurement": "", "fleet.sizing": "", "fleet.calibration": "",
    "warnings": "",
}
_SUMMARY_MONEY = {"npv", "revenue_total", "revenue_lost_total", "capex_total"}


def summary(columns, currency):
    """{column: unit} of a run's summary; cost_per_mtok is currency per million tokens. None for a
    column this table does not know."""
    out = {}
    for c in columns:
        if c in _SUMMARY_MONEY:
            out[c] = currency
        elif c == "cost_per_mtok":
            out[c] = f"{currency}/Mtok"
        else:
            out[c] = _SUMMARY.get(c)
    return out
