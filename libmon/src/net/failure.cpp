#include "mon/net/failure.hpp"

#include <cerrno>
#include <cstring>

namespace mon::net {

std::string describe_failure(CURL* h, CURLcode code, const char* error_buffer) {
  const auto& c = net::curl();
  std::string detail = error_buffer && *error_buffer ? error_buffer : c.easy_strerror(code);
  long os_errno = 0;
  c.easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return "DNS failure: " + detail;
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED) return "connection refused";
      if (os_errno == ETIMEDOUT) return "connect timed out";
      if (os_errno) return std::string("could not connect: ") + std::strerror(static_cast<int>(os_errno));
      return "could not connect: " + detail;
    case CURLE_OPERATION_TIMEDOUT: return "timed out: " + detail;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      if (os_errno == ECONNRESET) return "connection reset by peer";
      return (code == CURLE_SEND_ERROR ? "send failure: " : "receive failure: ") + detail;
    case CURLE_GOT_NOTHING: return "empty reply: the server closed the connection without answering";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED: return "TLS failure: " + detail;
    case CURLE_TOO_MANY_REDIRECTS: return "too many redirects: " + detail;
    default: return detail;
  }
}

}  // namespace mon::net
