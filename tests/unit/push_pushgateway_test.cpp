// The Pushgateway client: grouping keys spelled in the URL as the Pushgateway README says,
// and the retry policy against real sockets on 127.0.0.1 (a port nobody listens on, and a
// tiny server answering with chosen statuses).
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "mon/push/pushgateway.hpp"

using namespace mon::push;
using namespace std::chrono_literals;

namespace {

// Accepts connections one at a time and answers each with the next status in `statuses`;
// remembers every request line and body.
class StatusServer {
 public:
  explicit StatusServer(std::vector<int> statuses) : statuses_(std::move(statuses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    REQUIRE(::listen(fd_, 8) == 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~StatusServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    wait();
  }
  // Until every status has been served; the requests are then safe to read.
  void wait() {
    if (thread_.joinable()) thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  std::vector<std::string> requests, bodies;

 private:
  void serve() {
    for (int status : statuses_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string in;
      char buf[4096];
      std::size_t need = std::string::npos;
      while (need == std::string::npos || in.size() < need) {
        ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        in.append(buf, static_cast<std::size_t>(n));
        auto end = in.find("\r\n\r\n");
        if (need == std::string::npos && end != std::string::npos) {
          auto cl = in.find("Content-Length: ");
          std::size_t length = cl == std::string::npos ? 0 : std::stoul(in.substr(cl + 16));
          need = end + 4 + length;
        }
      }
      requests.push_back(in.substr(0, in.find("\r\n")));
      bodies.push_back(need == std::string::npos ? "" : in.substr(in.find("\r\n\r\n") + 4));
      std::string body = status == 200 ? "" : "boom\nsecond line";
      std::string answer = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
      (void)::write(c, answer.data(), answer.size());
      ::close(c);
    }
  }
  std::vector<int> statuses_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

int dead_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);  // bound, never listened on, closed: connections are refused
  return ntohs(a.sin_port);
}

PushOptions quick() {
  PushOptions o;
  o.backoff = 1ms;
  o.timeout = 5s;
  return o;
}

}  // namespace

TEST_CASE("push: base64url follows RFC 4648 section 5 with padding") {
  CHECK(base64url("") == "");
  CHECK(base64url("f") == "Zg==");
  CHECK(base64url("fo") == "Zm8=");
  CHECK(base64url("foo") == "Zm9v");
  CHECK(base64url("foobar") == "Zm9vYmFy");
  CHECK(base64url("/var/tmp") == "L3Zhci90bXA=");
  CHECK(base64url("\xfb\xff") == "-_8=");  // the URL-safe letters, not '+' and '/'
}

TEST_CASE("push: grouping keys are spelled as the Pushgateway reads them") {
  CHECK(group_path({"backup", {}}) == "/metrics/job/backup");
  CHECK(group_path({"backup", {{"instance", "db1"}, {"path", "/var/tmp"}}}) ==
        "/metrics/job/backup/instance/db1/path@base64/L3Zhci90bXA=");
  CHECK(group_path({"a/b", {{"empty", ""}}}) == "/metrics/job@base64/YS9i/empty@base64/=");
  CHECK(group_path({"my job", {{"x", "ä?#%"}}}) == "/metrics/job/my%20job/x/%C3%A4%3F%23%25");
  CHECK(group_url("http://h:9091/", {"j", {}}) == "http://h:9091/metrics/job/j");
  CHECK(group_url("http://h:9091/prefix", {"j", {}}) == "http://h:9091/prefix/metrics/job/j");
  CHECK(to_string(Method::post) == "POST");
}

TEST_CASE("push: passwords in URLs never reach a message") {
  CHECK(redact_url("https://user:secret@gw:9091/x") == "https://***@gw:9091/x");
  CHECK(redact_url("http://gw:9091/a@b") == "http://gw:9091/a@b");
  CHECK(redact_url("http://gw:9091") == "http://gw:9091");
  try {
    push("http://user:secret@127.0.0.1:" + std::to_string(dead_port()), {"j", {}}, Method::put, "x 1\n", quick());
    FAIL("expected PushError");
  } catch (const PushError& e) {
    CHECK(std::string(e.what()).find("secret") == std::string::npos);
  }
}

TEST_CASE("push: a refused connection is retried, then fails with the attempts counted") {
  PushOptions o = quick();
  o.attempts = 3;
  try {
    push("http://127.0.0.1:" + std::to_string(dead_port()), {"j", {}}, Method::put, "x 1\n", o);
    FAIL("expected PushError");
  } catch (const PushError& e) {
    CHECK(e.attempts() == 3);
    CHECK(std::string(e.what()).find("(3 attempts)") != std::string::npos);
  }
}

TEST_CASE("push: 5xx answers are retried until one succeeds") {
  StatusServer server({503, 500, 200});
  PushResult r = push(server.url(), {"backup", {{"env", "prod"}}}, Method::put, "x 1\n", quick());
  CHECK(r.http_status == 200);
  CHECK(r.attempts == 3);
  server.wait();
  REQUIRE(server.requests.size() == 3);
  CHECK(server.requests[0] == "PUT /metrics/job/backup/env/prod HTTP/1.1");
  CHECK(server.bodies[2] == "x 1\n");
}

TEST_CASE("push: a 4xx is not retried and its answer is quoted") {
  StatusServer server({400});
  PushOptions o = quick();
  try {
    push(server.url(), {"j", {}}, Method::post, "x 1\n", o);
    FAIL("expected PushError");
  } catch (const PushError& e) {
    CHECK(e.attempts() == 1);
    CHECK(std::string(e.what()).find("HTTP 400: boom") != std::string::npos);
  }
  server.wait();
  REQUIRE(server.requests.size() == 1);
  CHECK(server.requests[0] == "POST /metrics/job/j HTTP/1.1");
}

TEST_CASE("push: only http and https are spoken") {
  CHECK_THROWS_AS(push("file:///etc", {"j", {}}, Method::put, "x 1\n", quick()), PushError);
}
