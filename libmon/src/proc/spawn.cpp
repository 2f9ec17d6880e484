#include "mon/proc/spawn.hpp"

#include <fcntl.h>
#include <signal.h>
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

namespace {

// Why exec said ENOENT of `program`, in the user's words. ENOENT of a file that exists means the
// program that would run it is missing: the interpreter on its "#!" line, or an ELF binary's
// loader (a binary built for another system).
std::string not_found_reason(const std::string& program) {
  const std::string path = program.find('/') != std::string::npos ? program : find_program(program);
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return "command not found";
  char head[256];
  ssize_t n = -1;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd >= 0) {
    do n = ::read(fd, head, sizeof head);
    while (n < 0 && errno == EINTR);
    ::close(fd);
  }
  if (n >= 2 && head[0] == '#' && head[1] == '!') {
    std::string line(head + 2, static_cast<std::size_t>(n) - 2);
    line = line.substr(0, line.find('\n'));
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) return "its #! line names no interpreter";
    std::string interpreter = line.substr(first, line.find_first_of(" \t", first) - first);
    if (!interpreter.empty() && interpreter.back() == '\r') {
      interpreter.pop_back();
      return "its #! line ends in a carriage return (DOS line endings), so the interpreter \"" + interpreter +
             "\\r\" was not found; convert the file with dos2unix";
    }
    return "its interpreter " + interpreter + " (named on its #! line) was not found";
  }
  if (n >= 4 && std::memcmp(head, "\x7f" "ELF", 4) == 0)
    return "the file exists, but its ELF loader (program interpreter) was not found: built for another system?";
  return "the file exists, but something it needs to start was not found";
}

}  // namespace

SpawnError::SpawnError(const std::string& program, int err)
    : Error("cannot run " + program + ": " + (err == ENOENT ? not_found_reason(program) : std::string(std::strerror(err)))),
      errno_(err) {}

int SpawnError::exit_status() const { return errno_ == ENOENT ? 127 : 126; }

namespace {

// The calls the child makes, taken by address. A direct call goes through the PLT, and under lazy
// binding its first use in the child would run the dynamic linker's resolver there: its code and
// libc's symbol tables are faulted into the child's own memory (16 pages at a time, fault-around),
// a third of a megabyte on the RSS peak that exec hands on to the command. An address is bound at
// load time; read through a volatile so that the compiler cannot turn it back into a direct call.
struct ChildCalls {
  int (*prctl)(int, ...);
  pid_t (*getppid)();
  int (*sigaction)(int, const struct sigaction*, struct sigaction*);
  int (*setpgid)(pid_t, pid_t);
  int (*dup2)(int, int);
  int (*sigprocmask)(int, const sigset_t*, sigset_t*);
  int (*execve)(const char*, char* const[], char* const[]);
  int (*execvpe)(const char*, char* const[], char* const[]);
  ssize_t (*write)(int, const void*, std::size_t);
  int (*close)(int);
  void (*exit)(int);
};

template <class F>
F* bound(F* f) {
  F* volatile p = f;
  return p;
}

ChildCalls child_calls() {
  return {bound(&::prctl),       bound(&::getppid), bound(&::sigaction), bound(&::setpgid),
          bound(&::dup2),        bound(&::sigprocmask), bound(&::execve), bound(&::execvpe),
          bound(&::write),       bound(&::close),   bound(&::_exit)};
}

// What the child does between fork/vfork and exec: system calls only (after vfork it shares our
// memory; after fork of a threaded process only async-signal-safe calls are allowed). A failed
// exec is reported through `exec_errno` (vfork: shared memory) or the close-on-exec pipe
// `report_fd` (fork), whose end of file tells the parent the exec succeeded. `path` is argv[0]
// looked up in PATH by the parent, or null to leave the search to execvpe.
[[noreturn]] void exec_child(const ChildCalls& c, const char* path, char* const argv[], const SpawnOptions& options,
                             const sigset_t* empty, char* const* env, pid_t parent, volatile int* exec_errno,
                             int report_fd) {
  int err = 0;
  if (options.parent_death_signal != 0 &&
      (c.prctl(PR_SET_PDEATHSIG, options.parent_death_signal) != 0 || c.getppid() != parent))
    c.exit(127);  // the parent is gone already: nobody waits for us
  if (!options.inherit_mask) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig)
      if (sig != SIGKILL && sig != SIGSTOP) c.sigaction(sig, &dfl, nullptr);
  }
  if (options.new_process_group) c.setpgid(0, 0);
  if ((options.stdin_fd >= 0 && c.dup2(options.stdin_fd, 0) < 0) ||
      (options.stdout_fd >= 0 && c.dup2(options.stdout_fd, 1) < 0) ||
      (options.stderr_fd >= 0 && c.dup2(options.stderr_fd, 2) < 0)) {
    err = errno;
  } else {
    c.sigprocmask(SIG_SETMASK, options.inherit_mask ? options.inherit_mask : empty, nullptr);
    if (path)
      c.execve(path, argv, env);
    else
      c.execvpe(argv[0], argv, env);
    err = errno;
  }
  if (exec_errno) *exec_errno = err;
  if (report_fd >= 0) {
    ssize_t w;
    do w = c.write(report_fd, &err, sizeof err);
    while (w < 0 && errno == EINTR);
  }
  c.exit(127);
  __builtin_unreachable();
}

void reap(pid_t pid) {
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
}

// What posix_spawn does, by hand, because posix_spawn cannot run code in the child
// (PR_SET_PDEATHSIG must be set there) and always shares our memory until exec: on vfork
// (cheapest) or on fork (own_rss_peak). Every signal is blocked around it so that none of our
// handlers runs on the child's side; the child sets its own mask before exec. (Apart from spawn(),
// where GCC's -Wclobbered says vfork may clobber envp.)
pid_t spawn_by_hand(char* const argv[], const SpawnOptions& options, char* const* env) {
  int report[2] = {-1, -1};
  if (options.own_rss_peak) {
    if (::pipe2(report, O_CLOEXEC) != 0) throw SpawnError(argv[0], errno);
    // Not on 0-2, where the child's dup2 would overwrite it.
    for (int& fd : report)
      if (fd <= 2) {
        int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
        int e = errno;
        ::close(fd);
        fd = moved;
        if (moved < 0) {
          for (int other : report)
            if (other > 2) ::close(other);
          throw SpawnError(argv[0], e);
        }
      }
  }
  // The PATH search is done here, so that the child only makes system calls: as posix_spawnp, a
  // file found that is not an executable (ENOEXEC) is an error, not run with /bin/sh. A search
  // that finds nothing executable is left to execvpe, for its errno (EACCES or ENOENT).
  std::string found;
  const char* path = nullptr;
  if (!options.search_path || std::strchr(argv[0], '/')) {
    path = argv[0];
  } else if (!(found = find_program(argv[0])).empty()) {
    path = found.c_str();
  }
  const ChildCalls calls = child_calls();
  sigset_t all, saved, empty;
  sigfillset(&all);
  sigemptyset(&empty);
  ::pthread_sigmask(SIG_SETMASK, &all, &saved);
  const pid_t parent = ::getpid();
  volatile int exec_errno = 0;
  // _Fork, not fork: no atfork handlers (malloc's among them) run in the child.
  pid_t pid = options.own_rss_peak ? ::_Fork() : ::vfork();
  if (pid == 0) {
    if (options.own_rss_peak) calls.close(report[0]);
    exec_child(calls, path, argv, options, &empty, env, parent, options.own_rss_peak ? nullptr : &exec_errno,
               report[1]);
  }
  int fork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  int err = pid < 0 ? fork_errno : 0;
  if (options.own_rss_peak) {
    ::close(report[1]);
    if (pid > 0) {
      int got = 0;
      ssize_t n;
      do n = ::read(report[0], &got, sizeof got);
      while (n < 0 && errno == EINTR);
      if (n == static_cast<ssize_t>(sizeof got)) err = got;
    }
    ::close(report[0]);
  } else if (pid > 0) {
    err = exec_errno;
  }
  if (err != 0) {
    if (pid > 0) reap(pid);
    throw SpawnError(argv[0], err);
  }
  return pid;
}

}  // namespace

pid_t spawn(char* const argv[], const SpawnOptions& options, char* const envp[]) {
  return spawn_by_hand(argv, options, envp ? envp : environ);
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
