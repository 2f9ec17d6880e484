#include "mon/proc/spawn.hpp"

#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cstdlib>

extern char** environ;

namespace mon::proc {

SpawnError::SpawnError(const std::string& program, int err)
    : Error("cannot run " + program + ": " +
            (err == ENOENT ? std::string("command not found") : std::string(std::strerror(err)))),
      errno_(err) {}

int SpawnError::exit_status() const { return errno_ == ENOENT ? 127 : 126; }

namespace {

// posix_spawn cannot run code in the child, and PR_SET_PDEATHSIG must be set there: this is the
// same sequence by hand on vfork. Between vfork and exec the child shares our memory, so it only
// makes system calls and reports a failed exec through `exec_errno`; every signal is blocked
// around vfork so that none of our handlers runs on the child's side.
pid_t spawn_dying_with_parent(char* const argv[], const SpawnOptions& options, char* const* env) {
  sigset_t all, saved;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &saved);
  const pid_t parent = ::getpid();
  volatile int exec_errno = 0;
  pid_t pid = ::vfork();
  if (pid == 0) {
    if (::prctl(PR_SET_PDEATHSIG, options.parent_death_signal) != 0 || ::getppid() != parent) _exit(127);
    if (!options.inherit_mask) {
      struct sigaction dfl {};
      dfl.sa_handler = SIG_DFL;
      for (int sig = 1; sig < NSIG; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &dfl, nullptr);
    }
    if (options.new_process_group) ::setpgid(0, 0);
    if (options.stdin_fd >= 0 && ::dup2(options.stdin_fd, 0) < 0) goto failed;
    if (options.stdout_fd >= 0 && ::dup2(options.stdout_fd, 1) < 0) goto failed;
    if (options.stderr_fd >= 0 && ::dup2(options.stderr_fd, 2) < 0) goto failed;
    {
      sigset_t empty;
      sigemptyset(&empty);
      ::sigprocmask(SIG_SETMASK, options.inherit_mask ? options.inherit_mask : &empty, nullptr);
    }
    if (options.search_path)
      ::execvpe(argv[0], argv, env);
    else
      ::execve(argv[0], argv, env);
  failed:
    exec_errno = errno;
    _exit(127);
  }
  int fork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  if (pid < 0) throw SpawnError(argv[0], fork_errno);
  if (exec_errno != 0) {
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    throw SpawnError(argv[0], exec_errno);
  }
  return pid;
}

}  // namespace

pid_t spawn(char* const argv[], const SpawnOptions& options, char* const envp[]) {
  if (options.parent_death_signal != 0) return spawn_dying_with_parent(argv, options, envp ? envp : environ);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  if (options.stdin_fd >= 0) posix_spawn_file_actions_adddup2(&actions, options.stdin_fd, 0);
  if (options.stdout_fd >= 0) posix_spawn_file_actions_adddup2(&actions, options.stdout_fd, 1);
  if (options.stderr_fd >= 0) posix_spawn_file_actions_adddup2(&actions, options.stderr_fd, 2);
  sigset_t empty, all;
  sigemptyset(&empty);
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  short flags = POSIX_SPAWN_SETSIGMASK;
  if (options.inherit_mask) {
    posix_spawnattr_setsigmask(&attr, options.inherit_mask);
  } else {
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setsigdefault(&attr, &all);
    flags |= POSIX_SPAWN_SETSIGDEF;
  }
  if (options.new_process_group) {
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&attr, 0);
  }
  posix_spawnattr_setflags(&attr, flags);
  pid_t pid = -1;
  char* const* env = envp ? envp : environ;
  int rc = options.search_path ? posix_spawnp(&pid, argv[0], &actions, &attr, argv, env)
                               : posix_spawn(&pid, argv[0], &actions, &attr, argv, env);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw SpawnError(argv[0], rc);
  return pid;
}

pid_t spawn(const std::vector<std::string>& argv, const SpawnOptions& options) {
  if (argv.empty()) throw Error("no command to run");
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  return spawn(args.data(), options);
}

ExitStatus decode_status(int st) {
  ExitStatus s;
  if (WIFEXITED(st)) {
    s.exited = true;
    s.code = WEXITSTATUS(st);
  } else if (WIFSIGNALED(st)) {
    s.signal = WTERMSIG(st);
    s.core_dumped = WCOREDUMP(st);
  }
  return s;
}

Usage decode_usage(const struct rusage& ru) {
  Usage u;
  u.user_seconds = static_cast<double>(ru.ru_utime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec) / 1e6;
  u.system_seconds = static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) / 1e6;
  u.max_rss_bytes = static_cast<std::int64_t>(ru.ru_maxrss) * 1024;  // Linux reports KiB
  u.minor_faults = ru.ru_minflt;
  u.major_faults = ru.ru_majflt;
  u.voluntary_switches = ru.ru_nvcsw;
  u.involuntary_switches = ru.ru_nivcsw;
  u.block_inputs = ru.ru_inblock;
  u.block_outputs = ru.ru_oublock;
  return u;
}

WaitResult wait(pid_t pid) {
  int st = 0;
  struct rusage ru {};
  for (;;) {
    pid_t r = ::wait4(pid, &st, 0, &ru);
    if (r == pid) break;
    if (r < 0 && errno == EINTR) continue;
    throw Error(std::string("cannot wait for the child process: ") + std::strerror(errno));
  }
  return {decode_status(st), decode_usage(ru)};
}

bool try_wait(pid_t pid, WaitResult& out) {
  int st = 0;
  struct rusage ru {};
  for (;;) {
    pid_t r = ::wait4(pid, &st, WNOHANG, &ru);
    if (r == 0) return false;
    if (r == pid) break;
    if (r < 0 && errno == EINTR) continue;
    throw Error(std::string("cannot wait for the child process: ") + std::strerror(errno));
  }
  out = {decode_status(st), decode_usage(ru)};
  return true;
}

std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  if (abbrev) return std::string("SIG") + abbrev;
  return "SIG" + std::to_string(sig);
}

std::string find_program(const std::string& name) {
  auto executable = [](const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (name.find('/') != std::string::npos) return executable(name) ? name : std::string();
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t colon = dirs.find(':', start);
    if (colon == std::string::npos) colon = dirs.size();
    std::string dir = dirs.substr(start, colon - start);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (executable(candidate)) return candidate;
    start = colon + 1;
  }
  return {};
}

}  // namespace mon::proc
