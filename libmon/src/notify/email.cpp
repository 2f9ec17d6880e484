// Alertmanager's email_configs: an RFC 5322 message (Date, From, To, Subject, Message-Id, the
// configured headers, MIME multipart/alternative with a text part when `text` is set and an
// HTML part when `html` is, both quoted-printable) sent through libcurl's SMTP to the smarthost.
// STARTTLS is required unless require_tls is false (CURLUSESSL_ALL or none); port 465 is implicit
// TLS (smtps://), as Alertmanager decides by port. AUTH only when auth_username is set.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <random>

#include "channels.hpp"
#include "mon/net/curl.hpp"
#include "mon/net/failure.hpp"

namespace mon::notify::detail {

namespace {

bool ascii_only(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Go's mime.QEncoding.Encode("utf-8", s): unchanged when it needs no encoding.
std::string q_encode(const std::string& s) {
  bool plain = ascii_only(s) && std::none_of(s.begin(), s.end(), [](char c) {
                 return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
               });
  if (plain && s.find("=?") == std::string::npos) return s;
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out = "=?utf-8?q?";
  std::size_t word = 0;
  for (unsigned char c : s) {
    std::string piece;
    if (c == ' ') piece = "_";
    else if (c >= 0x21 && c <= 0x7e && c != '=' && c != '?' && c != '_') piece = std::string(1, static_cast<char>(c));
    else piece = {'=', hex[c >> 4], hex[c & 15]};
    // Encoded words are at most 75 bytes; break between bytes of ASCII, never inside a sequence.
    if (word + piece.size() > 60 && (c & 0xc0) != 0x80) {
      out += "?= =?utf-8?q?";
      word = 0;
    }
    out += piece;
    word += piece.size();
  }
  out += "?=";
  return out;
}

// Quoted-printable (RFC 2045) with CRLF line ends, as Go's mime/quotedprintable writes text.
std::string quoted_printable(const std::string& s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t col = 0;
  auto put = [&](const std::string& piece) {
    if (col + piece.size() > 75) {
      out += "=\r\n";
      col = 0;
    }
    out += piece;
    col += piece.size();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    if (c == '\n') {
      // Trailing white space before a line break must be encoded.
      if (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
        char last = out.back();
        out.pop_back();
        --col;
        put({'=', hex[static_cast<unsigned char>(last) >> 4], hex[static_cast<unsigned char>(last) & 15]});
      }
      out += "\r\n";
      col = 0;
    } else if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') {
      put(std::string(1, static_cast<char>(c)));
    } else {
      put({'=', hex[c >> 4], hex[c & 15]});
    }
  }
  return out;
}

// The address in "Name <addr>" or "addr" (what Go's mail.ParseAddress gives as .Address).
std::string address_of(std::string s) {
  auto lt = s.rfind('<');
  auto gt = s.rfind('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) s = s.substr(lt + 1, gt - lt - 1);
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, e - b + 1);
}

// mail.ParseAddressList, simply: commas outside quotes and angle brackets separate addresses.
std::vector<std::string> address_list(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  int angle = 0;
  for (char c : s) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '<') ++angle;
    if (!quoted && c == '>' && angle > 0) --angle;
    if (c == ',' && !quoted && angle == 0) {
      out.push_back(address_of(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(address_of(cur));
  std::erase_if(out, [](const std::string& a) { return a.empty(); });
  return out;
}

std::string rfc1123z(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return std::string(buf, n);
}

std::string random_hex(std::size_t n) {
  static constexpr char hex[] = "0123456789abcdef";
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += hex[gen() & 15];
  return out;
}

struct Upload {
  const std::string* data;
  std::size_t at = 0;
};

size_t feed(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  std::size_t len = std::min(size * n, u->data->size() - u->at);
  std::copy_n(u->data->data() + u->at, len, buf);
  u->at += len;
  return len;
}

std::string local_host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
  return buf;
}

struct Mail {
  std::string url, shown, from, message, username, identity, hello;
  std::vector<std::string> rcpt;
  Secret password;
  bool require_tls = true;
  TlsConfig tls;
};

Attempt send_once(const Mail& m, long timeout_ms) {
  Attempt a;
  const net::CurlApi& c = net::curl();
  std::unique_ptr<CURL, void (*)(CURL*)> handle(c.easy_init(), c.easy_cleanup);
  if (!handle) {
    a.outcome = Outcome::failed_retryable;
    a.message = "libcurl could not start a transfer";
    return a;
  }
  std::string password;
  if (!m.username.empty()) {
    try {
      password = read_secret(m.password);
    } catch (const Error& e) {
      a.message = e.what();
      return a;
    }
  }
  CURL* h = handle.get();
  curl_slist* rcpt = nullptr;
  for (const auto& r : m.rcpt) rcpt = c.slist_append(rcpt, ("<" + r + ">").c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> guard(rcpt, c.slist_free_all);
  Upload up{&m.message};
  char errbuf[CURL_ERROR_SIZE] = {};
  std::string from = "<" + m.from + ">";
  c.easy_setopt(h, CURLOPT_URL, m.url.c_str());
  c.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  c.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(h, CURLOPT_TIMEOUT_MS, std::max(1L, timeout_ms));
  c.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::max(1L, timeout_ms));
  c.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  c.easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  c.easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
  c.easy_setopt(h, CURLOPT_UPLOAD, 1L);
  c.easy_setopt(h, CURLOPT_READFUNCTION, &feed);
  c.easy_setopt(h, CURLOPT_READDATA, &up);
  c.easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(m.message.size()));
  c.easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(m.require_tls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  if (!m.tls.ca_file.empty()) c.easy_setopt(h, CURLOPT_CAINFO, m.tls.ca_file.c_str());
  if (!m.tls.cert_file.empty()) c.easy_setopt(h, CURLOPT_SSLCERT, m.tls.cert_file.c_str());
  if (!m.tls.key_file.empty()) c.easy_setopt(h, CURLOPT_SSLKEY, m.tls.key_file.c_str());
  if (m.tls.insecure_skip_verify) {
    c.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    c.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!m.username.empty()) {
    c.easy_setopt(h, CURLOPT_USERNAME, m.username.c_str());
    c.easy_setopt(h, CURLOPT_PASSWORD, password.c_str());
    if (!m.identity.empty()) c.easy_setopt(h, CURLOPT_SASL_AUTHZID, m.identity.c_str());
  }
  CURLcode rc = c.easy_perform(h);
  long code = 0;
  c.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  a.status = code;
  if (rc == CURLE_OK) {
    a.outcome = Outcome::delivered;
    a.message = "SMTP " + std::to_string(code);
    return a;
  }
  std::string why = net::describe_failure(h, rc, errbuf);
  switch (rc) {
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: a.outcome = Outcome::failed_permanent; break;
    default:
      // An SMTP reply 5xx is a permanent refusal; 4xx and transport failures may pass.
      a.outcome = code >= 500 ? Outcome::failed_permanent : Outcome::failed_retryable;
  }
  if (rc == CURLE_USE_SSL_FAILED)
    why = "'require_tls' is true (default) but the server does not advertise the STARTTLS extension (" + why + ")";
  a.message = "SMTP " + m.shown + ": " + why;
  return a;
}

}  // namespace

Prepared prepare_email(const EmailConfig& c, const Notification& n, const DeliveryOptions& o) {
  Prepared p;
  Selection s = select_alerts(n, c.send_resolved, 0);
  if (s.alerts.empty()) {
    p.nothing_to_send = true;
    return p;
  }
  Notification data = restricted(n, s);
  auto t = [&](const std::string& text) { return o.expand ? o.expand(text, data) : expand_defaults(text, data); };
  std::string host = o.hostname.empty() ? local_host_name() : o.hostname;

  std::vector<std::pair<std::string, std::string>> headers;  // expanded, in order
  auto given = [&](const char* name) -> const std::string* {
    for (const auto& [k, v] : c.headers)
      if (k == name) return &v;
    return nullptr;
  };
  auto one_line = [](std::string v, const std::string& name) {
    if (v.find_first_of("\r\n") != std::string::npos)
      throw Error("email header " + name + ": its template gave more than one line");
    return v;
  };
  std::string to = one_line(t(given("To") ? *given("To") : c.to), "To");
  std::string from = one_line(t(given("From") ? *given("From") : c.from), "From");
  std::string subject = one_line(t(given("Subject") ? *given("Subject") : R"({{ template "email.default.subject" . }})"), "Subject");
  std::vector<std::string> rcpt = address_list(t(c.to));
  if (rcpt.empty()) throw Error("email: no recipient address in 'to'");
  std::string envelope_from = address_of(t(c.from));
  if (envelope_from.empty()) throw Error("email: no sender address in 'from'");

  std::int64_t now = n.now_ms ? n.now_ms
                              : std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
  std::string msg;
  auto header = [&](const std::string& k, const std::string& v) { msg += k + ": " + q_encode(v) + "\r\n"; };
  header("Date", rfc1123z(now));
  header("From", from);
  header("To", to);
  header("Subject", subject);
  msg += "Message-Id: <" + std::to_string(now) + "." + random_hex(16) + "@" + host + ">\r\n";
  for (const auto& [k, v] : c.headers) {
    if (k == "To" || k == "From" || k == "Subject") continue;
    header(k, one_line(t(v), k));
  }
  std::string boundary = random_hex(60);
  msg += "MIME-Version: 1.0\r\n";
  msg += "Content-Type: multipart/alternative;  boundary=" + boundary + "\r\n\r\n";
  auto part = [&](const char* type, const std::string& body) {
    msg += "--" + boundary + "\r\n";
    msg += "Content-Transfer-Encoding: quoted-printable\r\n";
    msg += std::string("Content-Type: ") + type + "; charset=UTF-8\r\n\r\n";
    msg += quoted_printable(body);
    msg += "\r\n";
  };
  if (!c.text.empty()) part("text/plain", t(c.text));
  if (!c.html.empty()) part("text/html", t(c.html));
  msg += "--" + boundary + "--\r\n";

  Mail m;
  std::string hp = c.smarthost;
  std::string port = hp.substr(hp.rfind(':') + 1);
  m.url = (port == "465" ? "smtps://" : "smtp://") + hp + "/" + (c.hello.empty() ? "localhost" : c.hello);
  m.shown = hp;
  m.from = envelope_from;
  m.rcpt = rcpt;
  m.message = std::move(msg);
  m.username = c.auth_username;
  m.password = c.auth_password;
  m.identity = c.auth_identity;
  m.require_tls = c.require_tls && port != "465";
  m.tls = c.tls;
  p.attempt = [m](long timeout_ms) { return send_once(m, timeout_ms); };
  return p;
}

}  // namespace mon::notify::detail
