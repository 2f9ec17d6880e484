// detect(): the format of an input guessed from its first bytes, on samples of every format
// and on the real exporter captures.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "mon/format/codec.hpp"
#include "sample_inputs.hpp"

using mon::format::detect;
using mon::format::Format;

namespace {
std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("detect recognises JSON Lines objects and JSON arrays") {
  CHECK(detect("{\"name\":\"up\",\"type\":\"untyped\",\"labels\":{},\"value\":1}\n") == Format::json);
  CHECK(detect("\n  [{\"name\":\"up\",\"value\":1}]") == Format::json);
  CHECK(detect("\xEF\xBB\xBF{\"name\":\"up\",\"value\":1}\n") == Format::json);
}

TEST_CASE("detect recognises monctl's CSV header") {
  CHECK(detect("name,type,help,unit,labels,value,timestamp\r\nup,untyped,,,,1,\r\n") == Format::csv);
  CHECK(detect("\xEF\xBB\xBFname,type,help,unit,labels,value,timestamp\r\n") == Format::csv);
}

TEST_CASE("detect recognises StatsD lines of every type, with rates and tags") {
  CHECK(detect("page.views:1|c\n") == Format::statsd);
  CHECK(detect("temp:-5|g\n") == Format::statsd);
  CHECK(detect("api.latency:320|ms|@0.5\n") == Format::statsd);
  CHECK(detect("users:alice|s\n") == Format::statsd);
  CHECK(detect("req:1|c|#env:prod,host:a\n") == Format::statsd);
  CHECK(detect("size:7|d\n") == Format::statsd);
  CHECK(detect("size:7|h\n") == Format::statsd);
}

TEST_CASE("detect recognises Influx line protocol, with and without tags and timestamps") {
  CHECK(detect("cpu,host=a,region=eu value=0.5,user=12i 1700000000123456789\n") == Format::influx);
  CHECK(detect("mem value=1\n") == Format::influx);
  CHECK(detect("# comment\ndisk\\ io,dev=sda read=1u\n") == Format::influx);
}

TEST_CASE("detect recognises plain values") {
  CHECK(detect("42\n1.5\n") == Format::values);
  CHECK(detect("  -3e2\r\nNaN\n") == Format::values);
}

TEST_CASE("detect tells Prometheus text from OpenMetrics") {
  CHECK(detect("# HELP up Up.\n# TYPE up gauge\nup 1\n") == Format::prom);
  CHECK(detect("up 1\n") == Format::prom);
  CHECK(detect("http_requests_total{code=\"200\"} 5 1700000000000\n") == Format::prom);
  CHECK(detect("# TYPE up gauge\n# UNIT up seconds\nup 1\n# EOF\n") == Format::openmetrics);
  CHECK(detect("# TYPE x unknown\nx 1\n") == Format::openmetrics);
  CHECK(detect("# TYPE build info\nbuild_info{v=\"1\"} 1\n") == Format::openmetrics);
  CHECK(detect("# TYPE req counter\nreq_total 3\nreq_created 1.7e9\n") == Format::openmetrics);
  CHECK(detect("# TYPE req_total counter\nreq_total 3\n") == Format::prom);
  CHECK(detect("up 1\n# EOF\n") == Format::openmetrics);
}

TEST_CASE("detect gives up on empty input and says nothing about a lone cut-off line it cannot place") {
  CHECK_FALSE(detect(""));
  CHECK_FALSE(detect("\n\n  \n"));
}

TEST_CASE("detect recognises our own expositions by their content") {
  for (const auto& path : sample_inputs::files_in(sample_inputs::own("metrics"), "")) {
    const std::string file = path.string();
    CAPTURE(file);
    std::string text = slurp(file);
    REQUIRE(text.size() > 500);
    Format expected = path.extension() == ".openmetrics" ? Format::openmetrics : Format::prom;
    CHECK(detect(text) == expected);
    CHECK(detect(std::string_view(text).substr(0, 400)) == expected);  // a reader peeks at the start
  }
}

TEST_CASE("detect recognises the real exporter captures as Prometheus text") {
  if (sample_inputs::skip_without_shared("exposition")) return;
  const std::string dir = sample_inputs::shared("exposition").string() + "/";
  for (const char* file : {"node_exporter.prom", "prometheus.prom", "pushgateway.prom", "alertmanager.prom"}) {
    CAPTURE(file);
    std::string text = slurp(dir + file);
    REQUIRE(text.size() > 1000);
    CHECK(detect(text) == Format::prom);
    CHECK(detect(std::string_view(text).substr(0, 4096)) == Format::prom);  // what a reader peeks at
  }
  // Despite its name, this capture is text format 0.0.4: counters' families are named
  // "…_total" and there is no "# EOF".
  std::string om = slurp(dir + "prometheus.openmetrics");
  REQUIRE(om.size() > 1000);
  CHECK(om.find("# EOF") == std::string::npos);
  CHECK(detect(om) == Format::prom);
}
