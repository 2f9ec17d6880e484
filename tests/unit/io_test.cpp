#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "mon/error.hpp"
#include "mon/io/atomic_file.hpp"
#include "mon/io/input.hpp"

namespace {
struct TempDir {
  std::string path;
  TempDir() {
    char t[] = "/tmp/monctl-unit.XXXXXX";
    path = ::mkdtemp(t);
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

std::string slurp(const std::string& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

int count_entries(const std::string& dir) {
  std::string cmd = "test $(ls -A '" + dir + "' | wc -l) -eq ";
  for (int n = 0; n < 10; ++n)
    if (std::system((cmd + std::to_string(n)).c_str()) == 0) return n;
  return -1;
}

// A LineReader over a pipe fed with `text`.
struct PipeInput {
  int fds[2];
  explicit PipeInput(const std::string& text) {
    REQUIRE(::pipe(fds) == 0);
    if (::fork() == 0) {
      ::close(fds[0]);
      std::size_t off = 0;
      while (off < text.size()) {
        ssize_t n = ::write(fds[1], text.data() + off, text.size() - off);
        if (n <= 0) break;
        off += static_cast<std::size_t>(n);
      }
      ::_exit(0);
    }
    ::close(fds[1]);
  }
  ~PipeInput() { ::close(fds[0]); }
};
}  // namespace

TEST_CASE("atomic files: the target is replaced whole and no temporary is left") {
  TempDir d;
  std::string p = d.path + "/out.prom";
  mon::io::write_file_atomic(p, "old\n");
  {
    mon::io::AtomicFile f(p);
    REQUIRE(::write(f.fd(), "new\n", 4) == 4);
    CHECK(slurp(p) == "old\n");  // not visible before commit
    f.commit();
  }
  CHECK(slurp(p) == "new\n");
  CHECK(count_entries(d.path) == 1);
}

TEST_CASE("atomic files: without commit the target is untouched and the temporary removed") {
  TempDir d;
  std::string p = d.path + "/state.json";
  mon::io::write_file_atomic(p, "keep");
  {
    mon::io::AtomicFile f(p);
    REQUIRE(::write(f.fd(), "partial", 7) == 7);
  }
  CHECK(slurp(p) == "keep");
  CHECK(count_entries(d.path) == 1);
}

TEST_CASE("atomic files: /dev/null is written through, never replaced") {
  mon::io::write_file_atomic("/dev/null", "x");
  struct stat st {};
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("atomic files: a missing folder and a directory target are clear errors") {
  CHECK_THROWS_WITH_AS(mon::io::AtomicFile("/nonexistent-dir/x.prom"),
                       "cannot create a file in the folder of /nonexistent-dir/x.prom: No such file or directory",
                       mon::Error);
  CHECK_THROWS_WITH_AS(mon::io::AtomicFile("/tmp"), "cannot write /tmp: it is a directory", mon::Error);
}

TEST_CASE("atomic files: an existing file keeps its mode") {
  TempDir d;
  std::string p = d.path + "/m";
  mon::io::write_file_atomic(p, "a");
  ::chmod(p.c_str(), 0600);
  mon::io::write_file_atomic(p, "b");
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("line reader: lines, numbers and an unterminated last line") {
  PipeInput in("a\nbb\n\nccc");
  mon::io::LineReader r(in.fds[0], "pipe");
  std::string_view line;
  REQUIRE(r.next(line) == mon::io::LineReader::Status::line);
  CHECK(line == "a");
  REQUIRE(r.next(line) == mon::io::LineReader::Status::line);
  CHECK(line == "bb");
  CHECK(r.line_number() == 2);
  REQUIRE(r.next(line) == mon::io::LineReader::Status::line);
  CHECK(line.empty());
  REQUIRE(r.next(line) == mon::io::LineReader::Status::line);
  CHECK(line == "ccc");
  CHECK(r.unterminated());
  CHECK(r.next(line) == mon::io::LineReader::Status::end);
}

TEST_CASE("line reader: a line over the limit is skipped, the next one is read") {
  std::string big(3 << 20, 'x');
  PipeInput in("first\n" + big + "\nlast\n");
  mon::io::LineReader r(in.fds[0], "pipe", 1 << 20);
  std::string_view line;
  REQUIRE(r.next(line) == mon::io::LineReader::Status::line);
  CHECK(r.next(line) == mon::io::LineReader::Status::too_long);
  CHECK(r.line_number() == 2);
  REQUIRE(r.next(line) == mon::io::LineReader::Status::line);
  CHECK(line == "last");
  CHECK(r.line_number() == 3);
}

TEST_CASE("line reader: lines spanning many reads come back whole") {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "line number " + std::to_string(i) + "\n";
  PipeInput in(text);
  mon::io::LineReader r(in.fds[0], "pipe");
  std::string_view line;
  int n = 0;
  bool all_match = true;
  while (r.next(line) == mon::io::LineReader::Status::line) {
    if (line != "line number " + std::to_string(n)) all_match = false;
    ++n;
  }
  CHECK(n == 100000);
  CHECK(all_match);
}

TEST_CASE("line reader: peeked bytes are still read as lines") {
  PipeInput in("# TYPE x gauge\nx 1\n");
  mon::io::LineReader r(in.fds[0], "pipe");
  CHECK(r.peek(6) == "# TYPE");
  std::string_view line;
  REQUIRE(r.next(line) == mon::io::LineReader::Status::line);
  CHECK(line == "# TYPE x gauge");
}

TEST_CASE("input files: missing files and directories are named in the error") {
  CHECK_THROWS_WITH_AS(mon::io::InputFile("/no/such/file"), "cannot open /no/such/file: No such file or directory",
                       mon::Error);
  CHECK_THROWS_WITH_AS(mon::io::InputFile("/tmp"), "cannot read /tmp: it is a directory", mon::Error);
}
