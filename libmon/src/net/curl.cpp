#include "mon/net/curl.hpp"

#include <dlfcn.h>

#include <atomic>
#include <mutex>
#include <string>

#include "mon/error.hpp"

namespace mon::net {

namespace {
CurlApi g_api;
std::once_flag g_once;
std::atomic<bool> g_loaded{false};
std::string g_error;

template <typename F>
bool bind(void* lib, F& slot, const char* name) {
  void* p = ::dlsym(lib, name);
  if (!p) {
    g_error = std::string("libcurl lacks ") + name;
    return false;
  }
  slot = reinterpret_cast<F>(p);
  return true;
}

void load() {
  void* lib = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* e = ::dlerror();
    g_error = std::string("cannot load libcurl (install Debian's libcurl4): ") + (e ? e : "unknown error");
    return;
  }
  bool ok = bind(lib, g_api.global_init, "curl_global_init") && bind(lib, g_api.easy_init, "curl_easy_init") &&
            bind(lib, g_api.easy_setopt, "curl_easy_setopt") && bind(lib, g_api.easy_perform, "curl_easy_perform") &&
            bind(lib, g_api.easy_getinfo, "curl_easy_getinfo") && bind(lib, g_api.easy_cleanup, "curl_easy_cleanup") &&
            bind(lib, g_api.easy_reset, "curl_easy_reset") && bind(lib, g_api.easy_strerror, "curl_easy_strerror") &&
            bind(lib, g_api.easy_escape, "curl_easy_escape") &&
            bind(lib, g_api.easy_send, "curl_easy_send") && bind(lib, g_api.easy_recv, "curl_easy_recv") && bind(lib, g_api.free, "curl_free") &&
            bind(lib, g_api.slist_append, "curl_slist_append") &&
            bind(lib, g_api.slist_free_all, "curl_slist_free_all") && bind(lib, g_api.multi_init, "curl_multi_init") &&
            bind(lib, g_api.multi_setopt, "curl_multi_setopt") &&
            bind(lib, g_api.multi_add_handle, "curl_multi_add_handle") &&
            bind(lib, g_api.multi_remove_handle, "curl_multi_remove_handle") &&
            bind(lib, g_api.multi_perform, "curl_multi_perform") && bind(lib, g_api.multi_poll, "curl_multi_poll") &&
            bind(lib, g_api.multi_info_read, "curl_multi_info_read") &&
            bind(lib, g_api.multi_cleanup, "curl_multi_cleanup") &&
            bind(lib, g_api.multi_strerror, "curl_multi_strerror") &&
            bind(lib, g_api.version_info, "curl_version_info");
  if (!ok) return;
  if (g_api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    g_error = "libcurl failed to initialise";
    return;
  }
  g_loaded = true;
}
}  // namespace

const CurlApi& curl() {
  std::call_once(g_once, load);
  if (!g_loaded) throw Error(g_error);
  return g_api;
}

}  // namespace mon::net
