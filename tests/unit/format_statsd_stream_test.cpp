// StatsD from datagrams (mon/format/statsd_stream.hpp): several lines a packet, state kept
// from one packet to the next, reports placed at their packet, line and column.
#include <doctest/doctest.h>

#include "format_codec_support.hpp"
#include "mon/format/statsd_stream.hpp"

using namespace codec_test;

namespace {
const std::string kSource = "udp://127.0.0.1:8125";
}  // namespace

TEST_CASE("StatsD packets: several lines each, counters and gauges go on from packet to packet") {
  Collect sink;
  format::CollectingDiagnostics diag;
  format::StatsdStream stream(sink, diag);
  CHECK(stream.packet("req:1|c\nreq:2|c|@0.5\ntemp:10|g\n", kSource, 1));
  CHECK(stream.packet("req:3|c\r\ntemp:-4|g\n\nusers:a|s\nusers:b|s\nusers:a|s", kSource, 2));
  CHECK(diag.errors.empty());
  std::vector<double> req, temp, users;
  for (const auto& g : sink.got) {
    if (g.sample.name == "req_total") req.push_back(g.sample.value);
    if (g.sample.name == "temp") temp.push_back(g.sample.value);
    if (g.sample.name == "users") users.push_back(g.sample.value);
  }
  CHECK(req == std::vector<double>{1, 5, 8});  // running totals: 1, + 2/0.5, + 3
  CHECK(temp == std::vector<double>{10, 6});
  CHECK(users == std::vector<double>{1, 2, 2});
  CHECK(stream.lines() == 8);
  CHECK(stream.malformed() == 0);
}

TEST_CASE("StatsD packets: timers in seconds, sampled ones repeated, DogStatsD's several values and tags") {
  Collect sink;
  format::CollectingDiagnostics diag;
  format::StatsdStream stream(sink, diag);
  CHECK(stream.packet("api.latency_ms:100:300|ms|@0.5|#env:prod", kSource, 1));
  REQUIRE(sink.got.size() == 4);
  CHECK(sink.got[0].sample.name == "api_latency_seconds");
  CHECK(sink.got[0].sample.value == doctest::Approx(0.1));
  CHECK(sink.got[1].sample.value == doctest::Approx(0.1));
  CHECK(sink.got[2].sample.value == doctest::Approx(0.3));
  CHECK(sink.got[0].sample.labels == model::Labels{{"env", "prod"}});
}

TEST_CASE("StatsD packets: a malformed line is reported at its packet and skipped, the others count") {
  Collect sink;
  format::CollectingDiagnostics diag;
  format::StatsdStream stream(sink, diag);
  CHECK(stream.packet("x:1|g", kSource, 1));
  CHECK(stream.packet("ok:1|c\nx:a|s\nbad\nt:-1|ms\nn:1:2|c\nok:1|c", kSource, 7));
  REQUIRE(diag.errors.size() == 4);
  CHECK(diag.errors[0] ==
        "udp://127.0.0.1:8125 packet 7:2:1: \"x\" is a gauge since udp://127.0.0.1:8125 packet 1:1, not a set; line skipped");
  CHECK(diag.errors[1] == "udp://127.0.0.1:8125 packet 7:3:4: expected ':' after the metric name (name:value|type)");
  CHECK(diag.errors[2] == "udp://127.0.0.1:8125 packet 7:4:3: a timer cannot be negative: line skipped (as Etsy StatsD does)");
  CHECK(diag.errors[3] ==
        "udp://127.0.0.1:8125 packet 7:5:3: several values (name:1:2:3|ms) are for timers, histograms and distributions only");
  CHECK(stream.malformed() == 4);
  CHECK(stream.lines() == 7);
  REQUIRE(sink.got.size() == 3);
  CHECK(sink.got[2].sample.value == 2);
}

TEST_CASE("StatsD packets: a NUL byte is reported, --strict's stop is passed on") {
  Collect sink;
  format::CollectingDiagnostics diag(true);
  format::StatsdStream stream(sink, diag);
  CHECK_FALSE(stream.packet(std::string_view("a:1|c\nb\0:1|c\nc:1|c", 19), kSource, 3));
  REQUIRE(diag.errors.size() == 1);
  CHECK(diag.errors[0].rfind("udp://127.0.0.1:8125 packet 3:2:2: unexpected NUL byte", 0) == 0);
  CHECK(sink.got.size() == 1);
}
