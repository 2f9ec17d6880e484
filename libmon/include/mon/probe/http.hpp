#pragma once
// One HTTP(S) probe as a libcurl easy handle, so that the runner can drive hundreds of them on
// one multi handle (curl_multi_poll) instead of one thread each.
#include <chrono>
#include <string>

#include "mon/net/curl.hpp"
#include "mon/probe/result.hpp"
#include "mon/probe/spec.hpp"

namespace mon::probe {

class HttpTransfer {
 public:
  // Builds the easy handle (libcurl is loaded on first use). Throws mon::Error if it cannot.
  explicit HttpTransfer(const Spec& spec);
  HttpTransfer(const HttpTransfer&) = delete;
  HttpTransfer& operator=(const HttpTransfer&) = delete;
  ~HttpTransfer();

  CURL* handle() const { return easy_; }
  // Judges the finished transfer (code from CURLMSG_DONE) into a finish()ed result.
  Result finish(CURLcode code);

  // libcurl callbacks; public so that the C trampolines can reach them.
  std::size_t on_body(const char* data, std::size_t n);
  std::size_t on_header(const char* data, std::size_t n);

 private:
  const Spec& spec_;
  CURL* easy_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::string body_;
  bool truncated_ = false;  // the body passed max_body: reading stopped there
  std::string response_headers_;
  std::string error_;  // CURLOPT_ERRORBUFFER
  time::SystemTime started_;
};

}  // namespace mon::probe
