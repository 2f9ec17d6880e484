// mon::watch's scrape helpers: the instance label Prometheus would give a target, and the URL
// as messages show it (no credentials). Scrapes themselves: tests/e2e/watch_scrape.sh.
#include <doctest/doctest.h>

#include "mon/watch/scrape.hpp"

using namespace mon;

TEST_CASE("scrape: instance is host:port, the scheme's port when none is given") {
  CHECK(watch::instance_of("http://127.0.0.1:9100/metrics") == "127.0.0.1:9100");
  CHECK(watch::instance_of("http://example.com/metrics") == "example.com:80");
  CHECK(watch::instance_of("https://example.com?x=1") == "example.com:443");
  CHECK(watch::instance_of("http://user:pass@host:8080/m") == "host:8080");
  CHECK(watch::instance_of("http://[::1]:9100/metrics") == "[::1]:9100");
  CHECK(watch::instance_of("https://[::1]/metrics") == "[::1]:443");
}

TEST_CASE("scrape: credentials never shown") {
  CHECK(watch::shown_url("http://user:secret@host:8080/metrics?a=b") == "http://host:8080/metrics?a=b");
  CHECK(watch::shown_url("https://token@host/m") == "https://host/m");
  CHECK(watch::shown_url("http://host/path@x") == "http://host/path@x");  // an @ after the host is the path's
  CHECK(watch::shown_url("http://host:1/") == "http://host:1/");
}

TEST_CASE("scrape: the Accept header Prometheus sends") {
  CHECK(std::string(watch::kScrapeAccept).starts_with("application/openmetrics-text;version=1.0.0,"));
  CHECK(std::string(watch::kScrapeAccept).find("text/plain;version=0.0.4;q=0.5") != std::string::npos);
}
