// NPV and IRR against textbook cash flows (cash at the end of each period).
#include <gtest/gtest.h>

#include <vector>

#include "econ/day_shape.hpp"
#include "hippo/economics.hpp"

namespace hippo::econ {
namespace {

TEST(Finance, NpvOfTextbookFlows) {
  // −1000/1.1 + 300/1.1² + 400/1.1³ + 500/1.1⁴ = −909.0909 + 247.9339 + 300.5259 + 341.5067
  const std::vector<double> cf = {-1000, 300, 400, 500};
  EXPECT_NEAR(npv(cf, 0.10), -19.124376750222098, 1e-9);
  EXPECT_NEAR(npv(cf, 0.0), 200.0, 1e-12);
}

TEST(Finance, IrrOfTextbookFlows) {
  // The classic −1000, 300, 400, 500: IRR 8.896 % (the same whether the first flow is at t = 0 or 1).
  const std::vector<double> cf = {-1000, 300, 400, 500};
  const auto r = irr(cf);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(*r, 0.08896339469335, 1e-10);
  EXPECT_NEAR(npv(cf, *r), 0.0, 1e-8);
  // −100 then +110 one period later: exactly 10 %.
  EXPECT_NEAR(*irr(std::vector<double>{-100, 110}), 0.10, 1e-12);
}

TEST(Finance, IrrAnnualisedFromMonthlyFlows) {
  // −100 at the end of month 1 and +112 twelve months later: (1 + r_m)^12 = 1.12, annual IRR 12 %.
  std::vector<double> cf(13, 0.0);
  cf[0] = -100;
  cf[12] = 112;
  EXPECT_NEAR(annual_rate(*irr(cf)), 0.12, 1e-10);
  EXPECT_NEAR(monthly_rate(0.12), 0.009488792934583046, 1e-15);  // 1.12^(1/12) − 1
}

TEST(Finance, IrrUndefinedWithoutSignChange) {
  EXPECT_FALSE(irr(std::vector<double>{-5, -1, -2}).has_value());
  EXPECT_FALSE(irr(std::vector<double>{1, 2, 3}).has_value());
  EXPECT_FALSE(irr(std::vector<double>{0, 0}).has_value());
}

TEST(DayShape, CosineDayHasMeanOneAndThePeakAsked) {
  Scenario s;
  for (double p : {1.0, 1.5, 2.0, 3.0, 8.0}) {
    s.demand.peak_to_mean = p;
    const DayShape d = day_shape(s);
    double sum = 0;
    for (double r : d.rate) sum += r;
    EXPECT_NEAR(sum, 24.0, 1e-9) << p;
    EXPECT_NEAR(d.peak, p, 1e-9) << p;
  }
}

TEST(DayShape, LostShareOfAFlatAndATwoLevelDay) {
  Scenario s;
  s.demand.peak_to_mean = 1;
  EXPECT_NEAR(day_shape(s).lost_share(0.8), 0.2, 1e-12);  // flat day: 1 − capacity / peak
  // 12 hours at 1.5 and 12 at 0.5 (mean 1, peak 1.5); capacity 1.0 = 2/3 of the peak loses
  // 12 · (1.5 − 1.0) / 24 = 0.25 of the day's requests.
  s.workload.hourly_profile.assign(24, 0.5);
  for (int h = 0; h < 12; ++h) s.workload.hourly_profile[h] = 1.5;
  const DayShape d = day_shape(s);
  EXPECT_DOUBLE_EQ(d.peak, 1.5);
  EXPECT_NEAR(d.lost_share(1.0 / 1.5), 0.25, 1e-12);
  EXPECT_EQ(d.lost_share(1.0), 0.0);
}

}  // namespace
}  // namespace hippo::econ
